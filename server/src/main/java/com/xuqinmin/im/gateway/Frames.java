package com.xuqinmin.im.gateway;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import com.xuqinmin.im.stomp.FrameBatch;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Routes each client frame to the {@link CommandHandler} bean of its command, found once in a map;
 * before CONNECT only CONNECT is allowed, and a SEND, ACK or NACK naming a transaction is buffered by
 * the {@link TransactionHandler} instead. A protocol violation ends the connection with ERROR.
 */
@ApplicationScoped
public class Frames {

    private static final Logger LOG = Logger.getLogger(Frames.class.getName());

    @Inject
    @Any
    Instance<CommandHandler> handlers;

    @Inject
    TransactionHandler transactions;

    @Inject
    Replies replies;

    private final Map<Command, CommandHandler> byCommand = new EnumMap<>(Command.class);

    @PostConstruct
    void index() {
        for (CommandHandler h : handlers) {
            for (Command c : h.commands()) {
                CommandHandler before = byCommand.put(c, h);
                if (before != null) {
                    throw new IllegalStateException(c + " has two handlers: " + before + " and " + h);
                }
            }
        }
    }

    /** Handles what one WebSocket message carried, in order; the stream's own error (if any) comes last. */
    public void onBatch(Connection c, FrameBatch batch) {
        c.lifecycle().touchRead();
        for (Frame f : batch.frames()) {
            if (c.isClosing()) {
                return;
            }
            try {
                handle(c, f);
            } catch (ImException e) {
                replies.protocolError(c, e, f.header("receipt"));
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "frame " + f.command() + " failed on " + c, e);
                replies.protocolError(c, new ImException(ErrorCode.INTERNAL_ERROR, "internal error"), f.header("receipt"));
                return;
            }
        }
        if (batch.error() != null && !c.isClosing()) {
            replies.protocolError(c, batch.error(), null);
        }
    }

    /** A decoding failure the container reported: ERROR (or 1009), then close. */
    public void protocolError(Connection c, ImException e) {
        replies.protocolError(c, e, null);
    }

    /** Handles one frame; throws an ImException for a protocol violation. */
    void handle(Connection c, Frame f) {
        Command cmd = f.command();
        if (cmd != Command.CONNECT && cmd != Command.STOMP) {
            if (!cmd.fromClient()) {
                throw new ImException(ErrorCode.UNKNOWN_COMMAND, cmd + " is a server frame");
            }
            if (!c.isConnected()) {
                throw new ImException(ErrorCode.NOT_CONNECTED, "send CONNECT first; " + cmd + " is not allowed before it");
            }
            if (transactions.buffers(c, f)) {
                return;
            }
        }
        CommandHandler h = byCommand.get(cmd);
        if (h == null) {
            throw new ImException(ErrorCode.UNKNOWN_COMMAND, "unexpected " + cmd);
        }
        h.handle(c, f);
    }

    /** Runs inbound work for a connection, one piece at a time (the container's rule for onMessage). */
    public static void inbound(Connection c, Runnable work) {
        synchronized (c.inboundLock()) {
            work.run();
        }
    }
}
