package com.xuqinmin.im.gateway;

import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.chat.SendService;
import com.xuqinmin.im.chat.CursorTracker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code /app/chat.send}: stores the message on its conversation's lane; the RECEIPT (with the
 * server id and seq) goes out after the commit, and the sending device counts it as received.
 */
@ApplicationScoped
public class ChatSendHandler implements AppDestination {

    @Inject
    SendService sending;

    @Inject
    CursorTracker tracker;

    @Inject
    Replies replies;

    @Override
    public String destination() {
        return Destinations.SEND;
    }

    @Override
    public void handle(Connection c, Send send) {
        Identity who = c.identity();
        replies.whenDone(c, sending.send(who, c.id(), send.body()), send, m -> {
            // the sending device has its own message: count it as received there
            tracker.delivered(who.appKey(), who.userId(), c.deviceId(), m.conversationId(), m.seq());
            return Replies.receiptFor(send.receipt(), m);
        });
    }
}
