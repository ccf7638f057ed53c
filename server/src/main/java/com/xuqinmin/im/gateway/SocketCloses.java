package com.xuqinmin.im.gateway;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Closes a container WebSocket session, never from inside one of its write completions.
 *
 * <p>Open Liberty (wsoc 1.0.111) writes the close frame of {@link Session#close} synchronously. A
 * write handler that runs on the TCP channel's completion thread (a write that could not finish at
 * once) and closes from there waits forever for that synchronous write: the thread is lost and the
 * socket is never closed, so when the client goes it stays in CLOSE-WAIT (seen in the soak: one per
 * leave or connect a client had to abandon, and that many server threads parked in
 * {@code MessageWriter.WriteMessageSync}). So a write handler is wrapped with {@link #completion},
 * and a close asked for while one runs is handed to another thread.
 */
public final class SocketCloses {

    private static final Logger LOG = Logger.getLogger(SocketCloses.class.getName());
    private static final ThreadLocal<Boolean> IN_COMPLETION = new ThreadLocal<>();

    private SocketCloses() {
    }

    /** {@code handler}, marking its thread as inside a write completion while it runs. */
    public static SendHandler completion(SendHandler handler) {
        return result -> {
            Boolean outer = IN_COMPLETION.get();
            IN_COMPLETION.set(Boolean.TRUE);
            try {
                handler.onResult(result);
            } finally {
                if (outer == null) {
                    IN_COMPLETION.remove();
                }
            }
        };
    }

    /**
     * Closes {@code ws} with {@code reason}: here, or through {@code elsewhere} when called inside a
     * write completion. Safe to call again and after the peer closed.
     */
    public static void close(Session ws, CloseReason reason, Executor elsewhere) {
        if (IN_COMPLETION.get() != null) {
            try {
                elsewhere.execute(() -> closeHere(ws, reason));
                return;
            } catch (RuntimeException rejected) {
                LOG.log(Level.FINE, "close could not be handed over; closing here", rejected);
            }
        }
        closeHere(ws, reason);
    }

    private static void closeHere(Session ws, CloseReason reason) {
        try {
            if (ws.isOpen()) {
                ws.close(reason);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "close failed", e);
        }
    }
}
