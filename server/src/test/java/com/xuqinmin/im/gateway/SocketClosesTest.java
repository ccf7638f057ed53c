package com.xuqinmin.im.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where and for how long a WebSocket close runs (gateway/SocketCloses.java): never inside a write
 * completion, and never for ever.
 */
class SocketClosesTest {

    private static final CloseReason BYE = new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bye");

    private final List<String> closedOn = new ArrayList<>();
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** A session that records the thread each close runs on and is open until closed. */
    private Session session() {
        return session(() -> { });
    }

    /** As {@link #session()}, its close running {@code during} first (e.g. blocking as Liberty's may). */
    private Session session(Runnable during) {
        boolean[] open = {true};
        return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isOpen" -> open[0];
                    case "close" -> {
                        during.run();
                        open[0] = false;
                        synchronized (closedOn) {
                            closedOn.add(Thread.currentThread().getName());
                        }
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private int closes() {
        synchronized (closedOn) {
            return closedOn.size();
        }
    }

    @Test
    void a_close_outside_a_write_completion_runs_at_once_on_the_callers_thread() {
        SocketCloses.close(session(), BYE, scheduler);
        assertThat(closedOn).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void a_close_inside_a_write_completion_runs_on_another_thread_after_the_handler_returned() throws Exception {
        Session ws = session();
        SocketCloses.completion(result -> {
            SocketCloses.close(ws, BYE, scheduler);
            assertThat(closes()).as("not while the handler runs").isZero();
        }).onResult(new SendResult());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (closes() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(closedOn).hasSize(1);
        assertThat(closedOn.get(0)).isNotEqualTo(Thread.currentThread().getName());
    }

    @Test
    void after_the_completion_returns_closes_run_at_once_again() {
        SocketCloses.completion(result -> { }).onResult(new SendResult());
        SocketCloses.close(session(), BYE, scheduler);
        assertThat(closedOn).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void a_completion_that_throws_still_hands_its_closes_over_and_clears_its_mark() throws Exception {
        Session first = session();
        try {
            SocketCloses.completion(result -> {
                SocketCloses.close(first, BYE, scheduler);
                throw new IllegalStateException("handler failed");
            }).onResult(new SendResult());
        } catch (IllegalStateException expected) {
            // the container would log it
        }
        SocketCloses.close(session(), BYE, scheduler);
        assertThat(closedOn).as("the second close ran here at once").contains(Thread.currentThread().getName());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (closes() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(closes()).isEqualTo(2);
    }

    @Test
    void a_scheduler_that_refuses_leaves_the_close_to_the_caller_rather_than_never() {
        scheduler.shutdown();
        Session ws = session();
        SocketCloses.completion(result -> SocketCloses.close(ws, BYE, scheduler)).onResult(new SendResult());
        assertThat(closes()).isEqualTo(1);
    }

    @Test
    void closing_a_closed_session_does_nothing() {
        Session ws = session();
        SocketCloses.close(ws, BYE, scheduler);
        SocketCloses.close(ws, BYE, scheduler);
        assertThat(closes()).isEqualTo(1);
    }

    @Test
    void a_close_that_waits_for_ever_is_interrupted_and_its_thread_goes_back_clean() {
        // Liberty's close-frame write waits like this when the connection went under it
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        Session ws = session(() -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                interrupted.set(true); // Liberty's SimpleSync returns on an interrupt
            }
        });
        long t0 = System.nanoTime();
        SocketCloses.close(ws, BYE, scheduler, 200);
        assertThat(interrupted).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(200);
        assertThat(Thread.currentThread().isInterrupted()).as("no interrupt left on the thread").isFalse();
    }

    @Test
    void a_close_that_waits_again_after_an_interrupt_is_interrupted_again() {
        CountDownLatch never = new CountDownLatch(1);
        int[] waits = {0};
        Session ws = session(() -> {
            // Liberty retries the write after an interrupt and may wait once more
            for (int i = 0; i < 2; i++) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    waits[0]++;
                }
            }
        });
        SocketCloses.close(ws, BYE, scheduler, 100);
        assertThat(waits[0]).isEqualTo(2);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void the_watchdog_gives_up_after_its_last_interrupt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger interrupts = new java.util.concurrent.atomic.AtomicInteger();
        Session ws = session(() -> {
            // as Liberty's write does: wait again after every interrupt, until the test lets go
            while (true) {
                try {
                    release.await();
                    return;
                } catch (InterruptedException e) {
                    interrupts.incrementAndGet();
                }
            }
        });
        Thread closing = new Thread(() -> SocketCloses.close(ws, BYE, scheduler, 30));
        closing.start();
        Thread.sleep(600); // 20 watchdog periods
        assertThat(interrupts.get()).isEqualTo(SocketCloses.MAX_BITES);
        release.countDown();
        closing.join(5_000);
        assertThat(closing.isAlive()).isFalse();
    }

    @Test
    void a_close_that_returns_in_time_is_never_interrupted_later() throws Exception {
        SocketCloses.close(session(), BYE, scheduler, 50);
        Thread.sleep(200);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
