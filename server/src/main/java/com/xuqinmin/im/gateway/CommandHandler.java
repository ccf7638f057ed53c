package com.xuqinmin.im.gateway;

import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import java.util.Set;

/**
 * Handles the client frames of one STOMP command (or a few that belong together, like ACK and
 * NACK). {@link Frames} finds each handler bean by its commands; a protocol violation is thrown as
 * an {@code ImException} (ERROR, then close), an application-level refusal goes to the client's
 * {@code /user/queue/errors} through {@link Replies} and keeps the connection.
 */
public interface CommandHandler {

    /** The commands this handler takes. */
    Set<Command> commands();

    /** Handles one frame, on the connection's inbound thread (under its inbound lock). */
    void handle(Connection c, Frame f);
}
