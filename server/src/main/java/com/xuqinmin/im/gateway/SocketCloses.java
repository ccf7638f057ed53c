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
 * <p>Open Liberty (wsoc 1.0.111) writes the close frame of {@link Session#close} synchronously, with
 * a 5.5 s timeout that its TCP channel does not always apply. In the soak, threads that closed from
 * inside a write handler running on the TCP channel's completion thread stayed parked in
 * {@code MessageWriter.WriteMessageSync} for good, and sockets were left in CLOSE-WAIT. So a write
 * handler is wrapped with {@link #completion}, and a close asked for while one runs is handed to
 * another thread: the I/O thread is never the one that waits. The synchronous write can still hang
 * there when the client has stopped reading (the soak after this change still saw a few such
 * threads, see docs/benchmarks.md); the standard API has no other way to close.
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
