package com.xuqinmin.im.gateway;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * ACK and NACK of a {@code client} or {@code client-individual} subscription's frame (PROTOCOL.md
 * §4): an ACKed message counts as received by the device; a NACKed one is sent again by a later sync.
 */
@ApplicationScoped
public class AckHandler implements CommandHandler {

    @Inject
    Replies replies;

    @Override
    public Set<Command> commands() {
        return Set.of(Command.ACK, Command.NACK);
    }

    @Override
    public void handle(Connection c, Frame f) {
        String id = Replies.required(f, "id");
        if (!c.acknowledge(id, f.command() == Command.ACK)) {
            replies.reject(c, new ImException(ErrorCode.NOT_FOUND, "no message waiting for an ACK with id " + id), null,
                    null, f.header("receipt"), null);
            return;
        }
        replies.receipt(c, f.header("receipt"));
    }
}
