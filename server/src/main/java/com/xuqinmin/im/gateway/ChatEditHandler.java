package com.xuqinmin.im.gateway;

import com.xuqinmin.im.chat.EditService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code /app/chat.edit}: the chat decides who may edit what (protocol.md, chat.edit); the RECEIPT
 * follows the commit, and the EDITED notice reaches the conversation's sessions as a
 * {@code MessageEdited} event.
 */
@ApplicationScoped
public class ChatEditHandler implements AppDestination {

    @Inject
    EditService editing;

    @Inject
    Replies replies;

    @Override
    public String destination() {
        return Destinations.EDIT;
    }

    @Override
    public void handle(Connection c, Send send) {
        replies.whenDone(c, editing.edit(c.identity(), c.id(), send.body()), send,
                m -> Replies.receiptFor(send.receipt(), m));
    }
}
