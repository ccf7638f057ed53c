package com.xuqinmin.im.gateway;

import com.xuqinmin.im.chat.StoredMessage;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The answers the frame handlers share: RECEIPT frames, rejections on {@code /user/queue/errors}
 * (the session stays open) and protocol errors (ERROR, then close). The frames themselves are made
 * by {@link StompErrors}.
 */
@ApplicationScoped
public class Replies {

    private static final Logger LOG = Logger.getLogger(Replies.class.getName());

    @Inject
    SessionRegistry registry;

    /** {@code RECEIPT receipt-id:...} when the client asked for one. */
    void receipt(Connection c, String receipt) {
        if (receipt != null) {
            c.send(Frame.builder(Command.RECEIPT).header("receipt-id", receipt).build());
        }
    }

    /** The RECEIPT of a stored (or revoked) message, with its server id, seq, time and conversation. */
    static Frame receiptFor(String receipt, StoredMessage m) {
        if (receipt == null) {
            return null;
        }
        return Frame.builder(Command.RECEIPT)
                .header("receipt-id", receipt)
                .header("im-message-id", m.id())
                .header("im-seq", Long.toString(m.seq()))
                .header("im-created-at", Long.toString(m.createdAt()))
                .header("im-conversation-id", m.conversationId())
                .header("im-duplicate", m.duplicate() ? "true" : null)
                .build();
    }

    /** Sends a rejection to the connection's {@code /user/queue/errors} subscriptions, if any. */
    void reject(Connection c, ImException e, String messageId, String destination, String receipt,
            String subscriptionId) {
        registry.reject(c, StompErrors.rejection(e, messageId, destination, receipt, subscriptionId));
    }

    /**
     * Answers a SEND whose work completes later (after its conversation's commit): the frame
     * {@code onSuccess} makes (none for {@code null}), or a rejection.
     */
    <T> void whenDone(Connection c, CompletionStage<T> stage, AppDestination.Send send, Function<T, Frame> onSuccess) {
        stage.whenComplete((result, err) -> {
            if (err != null) {
                reject(c, unwrap(err), send.messageId(), send.destination(), send.receipt(), null);
                return;
            }
            Frame r = onSuccess.apply(result);
            if (r != null) {
                c.send(r);
            }
        });
    }

    /**
     * Ends a connection after a protocol error: ERROR frame, then close. A WebSocket message over
     * the size limit is not a STOMP matter: the socket is closed with 1009, as the container closes
     * it for a single frame over the limit.
     */
    void protocolError(Connection c, ImException e, String receiptId) {
        if (e.error() == ErrorCode.MESSAGE_TOO_LARGE) {
            c.closeAfter(null, new CloseReason(CloseReason.CloseCodes.TOO_BIG, e.getMessage()));
            return;
        }
        // every token failure (missing, forged, expired, wrong app) gets the seed's one answer (PROTOCOL.md §1)
        Frame error = e.error() == ErrorCode.TOKEN_INVALID || e.error() == ErrorCode.TOKEN_EXPIRED
                || e.error() == ErrorCode.UNAUTHORIZED ? StompErrors.unauthorized() : StompErrors.error(e, receiptId);
        c.closeAfter(error, new CloseReason(CloseReason.CloseCodes.PROTOCOL_ERROR, e.error().name()));
    }

    /** The ImException behind a failed stage; anything unexpected is logged and answered as such. */
    static ImException unwrap(Throwable t) {
        Throwable x = t;
        while ((x instanceof CompletionException || x.getCause() instanceof ImException) && x.getCause() != null) {
            x = x.getCause();
        }
        if (x instanceof ImException e) {
            return e;
        }
        ImException e = ImException.of(t);
        if (e.error() == ErrorCode.INTERNAL_ERROR) {
            LOG.log(Level.WARNING, "unexpected failure", t);
        }
        return e;
    }

    /** A header the frame must carry, or MALFORMED_FRAME. */
    static String required(Frame f, String header) {
        String v = f.header(header);
        if (v == null || v.isEmpty()) {
            throw new ImException(ErrorCode.MALFORMED_FRAME, f.command() + " needs a " + header + " header");
        }
        return v;
    }
}
