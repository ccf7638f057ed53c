package com.xuqinmin.im.gateway;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Closes a container WebSocket session, never from inside one of its write completions.
 *
 * <p>Open Liberty (wsoc 1.0.111) writes the close frame of {@link Session#close} synchronously, on
 * the same TCP write context as the asynchronous writes. Closed from inside a write handler (the
 * completion of the write before it, a DISCONNECT's RECEIPT say), that synchronous write sometimes
 * never finished: the soak found threads parked in {@code MessageWriter.WriteMessageSync} for good
 * and their sockets left open, in CLOSE-WAIT once the client went, also when the close had only been
 * handed to another thread at once. So a write handler is wrapped with {@link #completion}, and a
 * close asked for while one runs is handed over once the handler has returned, to an executor that
 * runs it a little later ({@code Gateway.closes()}), when the container is done with that write.
 */
public final class SocketCloses {

    private static final Logger LOG = Logger.getLogger(SocketCloses.class.getName());

    /** The closes asked for inside the write handler running on this thread, run once it returns. */
    private static final ThreadLocal<List<Runnable>> DEFERRED = new ThreadLocal<>();

    private SocketCloses() {
    }

    /** {@code handler}, with the closes it asks for handed over after it returns. */
    public static SendHandler completion(SendHandler handler) {
        return result -> {
            if (DEFERRED.get() != null) {
                handler.onResult(result); // nested: the outermost handler hands them over
                return;
            }
            List<Runnable> deferred = new ArrayList<>(1);
            DEFERRED.set(deferred);
            try {
                handler.onResult(result);
            } finally {
                DEFERRED.remove();
                for (Runnable r : deferred) {
                    r.run();
                }
            }
        };
    }

    /**
     * Closes {@code ws} with {@code reason}: here, or through {@code elsewhere} once the write handler
     * running on this thread has returned. Safe to call again and after the peer closed.
     */
    public static void close(Session ws, CloseReason reason, Executor elsewhere) {
        List<Runnable> deferred = DEFERRED.get();
        if (deferred == null) {
            closeHere(ws, reason);
            return;
        }
        deferred.add(() -> {
            try {
                elsewhere.execute(() -> closeHere(ws, reason));
            } catch (RuntimeException rejected) {
                LOG.log(Level.FINE, "close could not be handed over; closing here", rejected);
                closeHere(ws, reason);
            }
        });
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
