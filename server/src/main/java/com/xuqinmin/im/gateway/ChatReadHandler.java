package com.xuqinmin.im.gateway;

import com.xuqinmin.im.chat.ReadService;
import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@code /app/chat.read}: moves the device's read position; the RECEIPT says where it stands now. */
@ApplicationScoped
public class ChatReadHandler implements AppDestination {

    @Inject
    ReadService reading;

    @Inject
    Replies replies;

    @Override
    public String destination() {
        return Destinations.READ;
    }

    @Override
    public void handle(Connection c, Send send) {
        replies.whenDone(c, reading.read(c.identity(), c.deviceId(), c.id(), send.body()), send,
                seq -> send.receipt() == null ? null : Frame.builder(Command.RECEIPT)
                        .header("receipt-id", send.receipt()).header("im-read-seq", Long.toString(seq)).build());
    }
}
