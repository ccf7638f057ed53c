package com.xuqinmin.im.gateway;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Closes a container WebSocket session where Open Liberty's synchronous close is least likely to hang,
 * and interrupts it when it does.
 *
 * <p>Open Liberty (wsoc 1.0.111) writes the close frame of {@link Session#close} synchronously and
 * waits for that write without a limit ({@code SimpleSync.simpleWait}; the 5.5 s it asks for is not
 * applied). When the connection goes meanwhile (the client aborts, Liberty closes it from its read
 * side), nothing ever wakes the waiting thread: the soak lost one server thread every minute or two
 * that way, and earlier sockets too. So:
 * <ul>
 * <li>a close asked for inside a write handler (the completion of the write before it: a
 * DISCONNECT's RECEIPT, an ERROR) runs once the handler has returned, on the scheduler
 * {@link #AFTER_COMPLETION_MS} later, when the container is done with that write;</li>
 * <li>a close still waiting after {@link #WATCHDOG_MS} is interrupted, up to {@link #MAX_BITES} times
 * {@link #WATCHDOG_MS} apart: Liberty's wait then ends and it tries the write once more, which ends the
 * close when the write fails at once. In the soak it did not: Liberty waited again after every
 * interrupt, and about one server-initiated close in 150 stays there, whatever the load
 * (docs/benchmarks.md, analysis); the watchdog then gives up, logging it once.</li>
 * </ul>
 */
public final class SocketCloses {

    private static final Logger LOG = Logger.getLogger(SocketCloses.class.getName());

    /** After a write completion, the container finishes with that write before a close is written. */
    static final long AFTER_COMPLETION_MS = 100;
    /** How long a close may wait for its close frame to be written before it is interrupted. */
    static final long WATCHDOG_MS = 10_000;

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
     * Closes {@code ws} with {@code reason}: here, or on {@code scheduler} a little after the write
     * handler running on this thread has returned. Safe to call again and after the peer closed.
     */
    public static void close(Session ws, CloseReason reason, ScheduledExecutorService scheduler) {
        close(ws, reason, scheduler, WATCHDOG_MS);
    }

    /** {@link #close(Session, CloseReason, ScheduledExecutorService)} with a watchdog of {@code watchdogMs}. */
    static void close(Session ws, CloseReason reason, ScheduledExecutorService scheduler, long watchdogMs) {
        List<Runnable> deferred = DEFERRED.get();
        if (deferred == null) {
            closeHere(ws, reason, scheduler, watchdogMs);
            return;
        }
        deferred.add(() -> {
            try {
                scheduler.schedule(() -> closeHere(ws, reason, scheduler, watchdogMs), AFTER_COMPLETION_MS,
                        TimeUnit.MILLISECONDS);
            } catch (RuntimeException rejected) {
                LOG.log(Level.FINE, "close could not be handed over; closing here", rejected);
                closeHere(ws, reason, scheduler, watchdogMs);
            }
        });
    }

    /** Closes {@code ws} {@code delayMillis} from now on {@code scheduler} (at once if it refuses), unless closed by then. */
    public static void closeLater(Session ws, CloseReason reason, ScheduledExecutorService scheduler, long delayMillis) {
        try {
            scheduler.schedule(() -> close(ws, reason, scheduler), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException rejected) {
            close(ws, reason, scheduler);
        }
    }

    private static void closeHere(Session ws, CloseReason reason, ScheduledExecutorService scheduler, long watchdogMs) {
        Watchdog dog = new Watchdog(Thread.currentThread());
        ScheduledFuture<?> timer = null;
        try {
            // again and again: after an interrupt Liberty tries the write once more, and waits again
            // if the socket is still there but not writable
            timer = scheduler.scheduleWithFixedDelay(dog::bite, watchdogMs, watchdogMs, TimeUnit.MILLISECONDS);
        } catch (RuntimeException rejected) {
            LOG.log(Level.FINE, "no watchdog for this close", rejected);
        }
        try {
            if (ws.isOpen()) {
                ws.close(reason);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "close failed", e);
        } finally {
            if (dog.leave() && !LATE_LOGGED.getAndSet(true)) {
                LOG.warning("A WebSocket close was still writing its close frame after " + watchdogMs
                        + " ms and was interrupted (the connection had gone); logged once");
            }
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    private static final java.util.concurrent.atomic.AtomicBoolean LATE_LOGGED = new java.util.concurrent.atomic.AtomicBoolean();
    private static final java.util.concurrent.atomic.AtomicBoolean STUCK_LOGGED = new java.util.concurrent.atomic.AtomicBoolean();
    /** Interrupts a close gets before the watchdog gives up on it. */
    static final int MAX_BITES = 3;

    /** Interrupts the closing thread if it is still in the close when the timer fires, never after. */
    private static final class Watchdog {
        private final Thread closing;
        private boolean left;
        private boolean bit;
        private int bites;

        Watchdog(Thread closing) {
            this.closing = closing;
        }

        synchronized void bite() {
            if (left) {
                return;
            }
            if (bites++ == MAX_BITES) {
                // Liberty retries its write after each interrupt: this one will not end
                if (!STUCK_LOGGED.getAndSet(true)) {
                    LOG.warning("A WebSocket close is still writing its close frame after " + MAX_BITES
                            + " interrupts; its thread stays in Open Liberty's synchronous write (logged once)");
                }
                throw new IllegalStateException("given up"); // ends the periodic task
            }
            if (bites > MAX_BITES) {
                throw new IllegalStateException("given up");
            }
            bit = true;
            closing.interrupt();
        }

        /** The close returned: no interrupt can come after this; answers whether one came. */
        synchronized boolean leave() {
            left = true;
            if (bit) {
                Thread.interrupted(); // the pooled thread goes back clean
            }
            return bit;
        }
    }
}
