package com.xuqinmin.im.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The count of connections waiting for CONNECT: the caps, giving places back once, and no leak. */
class PendingConnectionsTest {

    private static final long NEVER = Long.MAX_VALUE;

    private final PendingConnections pending = new PendingConnections();

    private static ErrorCode refusal(Runnable r) {
        try {
            r.run();
        } catch (ImException e) {
            return e.error();
        }
        return null;
    }

    @Test
    void an_address_gets_its_cap_and_then_429_while_others_still_get_places() {
        for (int i = 0; i < 3; i++) {
            pending.take("10.0.0.1", 3, 100, NEVER);
        }
        assertThatThrownBy(() -> pending.take("10.0.0.1", 3, 100, NEVER))
                .isInstanceOf(ImException.class)
                .hasMessageContaining("at most 3 connections from one address")
                .extracting(e -> ((ImException) e).error()).isEqualTo(ErrorCode.TOO_MANY_PENDING_CONNECTIONS);
        assertThat(refusal(() -> pending.take("10.0.0.2", 3, 100, NEVER))).isNull();
        assertThat(pending.count("10.0.0.1")).isEqualTo(3);
        assertThat(pending.count()).as("the refused one is not counted").isEqualTo(4);
    }

    @Test
    void the_server_gets_its_total_and_then_503_whatever_the_address() {
        for (int i = 0; i < 5; i++) {
            pending.take("10.0.0." + i, 50, 5, NEVER);
        }
        assertThat(refusal(() -> pending.take("10.0.1.1", 50, 5, NEVER))).isEqualTo(ErrorCode.SERVER_BUSY);
        assertThat(refusal(() -> pending.take(null, 50, 5, NEVER))).isEqualTo(ErrorCode.SERVER_BUSY);
        assertThat(pending.count()).isEqualTo(5);
        assertThat(pending.count("10.0.1.1")).isZero();
    }

    @Test
    void a_place_is_given_back_once_however_often_it_is_released() {
        PendingConnections.Place a = pending.take("10.0.0.1", 2, 100, NEVER);
        pending.take("10.0.0.1", 2, 100, NEVER);
        a.release();
        a.release();
        a.release();
        assertThat(pending.count("10.0.0.1")).isEqualTo(1);
        assertThat(pending.count()).isEqualTo(1);
    }

    @Test
    void places_past_their_expiry_are_given_back_and_the_others_kept() {
        pending.take("10.0.0.1", 5, 100, 1_000);
        pending.take("10.0.0.1", 5, 100, 2_000);
        pending.take(null, 5, 100, 1_000);
        pending.expire(1_500);
        assertThat(pending.count("10.0.0.1")).isEqualTo(1);
        assertThat(pending.count()).isEqualTo(1);
        pending.expire(2_000);
        assertThat(pending.count()).isZero();
        assertThat(pending.addresses()).isZero();
    }

    @Test
    void a_kept_place_does_not_expire_and_still_counts_until_released() {
        PendingConnections.Place late = pending.take("10.0.0.1", 1, 100, 1_000);
        late.keep();
        pending.expire(60_000);
        assertThat(pending.count("10.0.0.1")).isEqualTo(1);
        assertThatThrownBy(() -> pending.take("10.0.0.1", 1, 100, NEVER))
                .isInstanceOfSatisfying(ImException.class,
                        e -> assertThat(e.error()).isEqualTo(ErrorCode.TOO_MANY_PENDING_CONNECTIONS));
        late.release();
        assertThat(pending.count()).isZero();
        pending.take("10.0.0.1", 1, 100, NEVER);
    }

    @Test
    void many_threads_taking_and_releasing_leave_nothing_behind() throws InterruptedException {
        int threads = 8;
        int rounds = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        // places held by the threads: counted after a take succeeds and before its release, so never above the caps
        AtomicInteger held = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            String address = "10.0.0." + (t % 3);
            pool.execute(() -> {
                try {
                    start.await();
                    List<PendingConnections.Place> mine = new ArrayList<>();
                    for (int i = 0; i < rounds; i++) {
                        try {
                            mine.add(pending.take(address, 4, 10, NEVER));
                            assertThat(held.incrementAndGet()).isLessThanOrEqualTo(10);
                        } catch (ImException refused) {
                            // over a cap: expected now and then
                        }
                        if (mine.size() > 2 || i % 3 == 0 || i == rounds - 1) {
                            while (!mine.isEmpty()) {
                                held.decrementAndGet();
                                mine.remove(mine.size() - 1).release();
                            }
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).isEmpty();
        assertThat(pending.count()).isZero();
        assertThat(pending.addresses()).isZero();
        // and the whole allowance is there again
        for (int i = 0; i < 4; i++) {
            pending.take("10.0.0.0", 4, 10, NEVER);
        }
        assertThat(refusal(() -> pending.take("10.0.0.0", 4, 10, NEVER)))
                .isEqualTo(ErrorCode.TOO_MANY_PENDING_CONNECTIONS);
    }
}
