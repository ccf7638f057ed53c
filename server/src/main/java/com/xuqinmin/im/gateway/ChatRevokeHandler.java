package com.xuqinmin.im.gateway;

import com.xuqinmin.im.chat.RevokeService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code /app/chat.revoke}: the chat decides who may revoke what (PROTOCOL.md §6); the RECEIPT
 * follows the commit, and the REVOKED notice reaches the conversation's sessions as a
 * {@code MessageRevoked} event.
 */
@ApplicationScoped
public class ChatRevokeHandler implements AppDestination {

    @Inject
    RevokeService revoking;

    @Inject
    Replies replies;

    @Override
    public String destination() {
        return Destinations.REVOKE;
    }

    @Override
    public void handle(Connection c, Send send) {
        replies.whenDone(c, revoking.revoke(c.identity(), c.id(), send.body()), send,
                m -> Replies.receiptFor(send.receipt(), m));
    }
}
