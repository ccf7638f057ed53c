package com.xuqinmin.im.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.delivery.MessageRevoked;
import com.xuqinmin.im.delivery.MessageStored;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.DurableCommits;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.ImMetrics;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lanes' bounds and their stop, without a container: one lane over a store the test holds
 * closed, so the queue fills as it would under overload.
 */
class ConversationLanesTest {

    /** A store that stores nothing until the test opens it, then stores everything. */
    static final class GatedStore extends MessageStore {
        final CountDownLatch open = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicInteger stored = new AtomicInteger();
        final AtomicInteger seq = new AtomicInteger();

        @Override
        public List<StoredMessage> storeBatch(List<NewMessage> batch) {
            await();
            List<StoredMessage> out = new ArrayList<>();
            for (NewMessage n : batch) {
                out.add(stored(n));
            }
            return out;
        }

        @Override
        public StoredMessage storeOne(NewMessage n) {
            await();
            return stored(n);
        }

        private void await() {
            entered.countDown();
            try {
                open.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping");
            }
        }

        private StoredMessage stored(NewMessage n) {
            stored.incrementAndGet();
            return new StoredMessage(n.id(), n.clientMessageId(), n.appKey(), n.fromId(), n.toId(), n.chatType(),
                    n.msgType(), n.content(), Message.Status.SENT, n.createdAt(), n.conversationId(),
                    seq.incrementAndGet(), null, false);
        }
    }

    private final GatedStore store = new GatedStore();
    private ConversationLanes lanes;

    private ConversationLanes lanes(int queueMax, long queueBytes, long maxWaitMillis, long drainMillis) {
        ConversationLanes l = new ConversationLanes();
        l.store = store;
        l.metrics = new ImMetrics();
        l.stored = new NoEvent<>();
        l.revoked = new NoEvent<>();
        l.edited = new NoEvent<>();
        l.threadFactory = new Threads();
        l.durable = DurableCommits.off();
        l.config = new ImConfig() {
            @Override
            public int lanes() {
                return 1;
            }

            @Override
            public int laneBatchMax() {
                return 256;
            }

            @Override
            public int laneQueueMax() {
                return queueMax;
            }

            @Override
            public long laneQueueBytes() {
                return queueBytes;
            }

            @Override
            public long laneMaxWaitMillis() {
                return maxWaitMillis;
            }

            @Override
            public long laneDrainMillis() {
                return drainMillis;
            }
        };
        l.start();
        lanes = l;
        return l;
    }

    @AfterEach
    void stop() {
        store.open.countDown();
        if (lanes != null) {
            lanes.stop();
        }
    }

    private static NewMessage message(int i, int contentChars) {
        return new NewMessage("id" + i, "ak", ConversationId.single("a", "b"), ChatType.SINGLE, "a", "b", MsgType.TEXT,
                "x".repeat(contentChars), "c" + i, 1L);
    }

    private static ErrorCode failure(CompletionStage<?> s) {
        try {
            s.toCompletableFuture().get(10, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return ((ImException) e.getCause()).error();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Sends one message and waits until the lane holds it in the (closed) store: the queue behind it is empty. */
    private CompletionStage<StoredMessage> occupy(ConversationLanes l) throws InterruptedException {
        CompletionStage<StoredMessage> first = l.send(message(0, 1), null);
        assertThat(store.entered.await(10, TimeUnit.SECONDS)).as("the lane took the first send").isTrue();
        return first;
    }

    @Test
    void a_full_queue_refuses_with_server_busy_and_keeps_what_it_took() throws Exception {
        ConversationLanes l = lanes(3, 1 << 20, 60_000, 10_000);
        CompletionStage<StoredMessage> first = occupy(l);
        List<CompletionStage<StoredMessage>> queued = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            queued.add(l.send(message(i, 1), null));
        }
        CompletionStage<StoredMessage> refused = l.send(message(4, 1), null);
        assertThat(failure(refused)).isEqualTo(ErrorCode.SERVER_BUSY);

        store.open.countDown();
        assertThat(failure(first)).isNull();
        for (CompletionStage<StoredMessage> q : queued) {
            assertThat(failure(q)).as("taken before the queue was full").isNull();
        }
        assertThat(store.stored).hasValue(4);
    }

    @Test
    void the_bytes_a_lane_holds_are_bounded_but_one_task_is_always_taken() throws Exception {
        ConversationLanes l = lanes(1000, 65_536, 60_000, 10_000);
        occupy(l);
        CompletionStage<StoredMessage> alone = l.send(message(1, 40_000), null); // about 80 KB: over, but alone
        CompletionStage<StoredMessage> more = l.send(message(2, 20_000), null);
        assertThat(failure(more)).as("about 40 KB more behind it").isEqualTo(ErrorCode.SERVER_BUSY);
        store.open.countDown();
        assertThat(failure(alone)).isNull();
    }

    @Test
    void once_the_oldest_task_has_waited_too_long_new_ones_are_refused() throws Exception {
        ConversationLanes l = lanes(1000, 1 << 20, 20, 10_000);
        occupy(l);
        CompletionStage<StoredMessage> waiting = l.send(message(1, 1), null);
        Thread.sleep(60);
        assertThat(failure(l.send(message(2, 1), null))).isEqualTo(ErrorCode.SERVER_BUSY);
        store.open.countDown();
        assertThat(failure(waiting)).isNull();
    }

    @Test
    void on_stop_what_is_queued_is_stored_and_nothing_new_is_taken() throws Exception {
        ConversationLanes l = lanes(1000, 1 << 20, 60_000, 10_000);
        CompletionStage<StoredMessage> first = occupy(l);
        List<CompletionStage<StoredMessage>> queued = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            queued.add(l.send(message(i, 1), null));
        }
        Thread stopping = new Thread(l::stop);
        stopping.start();
        while (stopping.getState() != Thread.State.TIMED_WAITING && stopping.isAlive()) {
            Thread.sleep(5);
        }
        assertThat(failure(l.send(message(99, 1), null))).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        store.open.countDown();
        stopping.join(10_000);
        assertThat(failure(first)).isNull();
        for (CompletionStage<StoredMessage> q : queued) {
            assertThat(failure(q)).as("drained").isNull();
        }
        assertThat(store.stored).hasValue(21);
    }

    @Test
    void on_stop_what_the_drain_time_does_not_cover_is_refused_never_left_unanswered() throws Exception {
        ConversationLanes l = lanes(1000, 1 << 20, 60_000, 50);
        CompletionStage<StoredMessage> first = occupy(l);
        List<CompletionStage<StoredMessage>> queued = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            queued.add(l.send(message(i, 1), null));
        }
        l.stop(); // the store stays closed: the drain time runs out, the lane is interrupted
        lanes = null;
        assertThat(failure(first)).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        for (CompletionStage<StoredMessage> q : queued) {
            assertThat(failure(q)).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        }
        assertThat(store.stored).hasValue(0);
    }

    /** Managed threads outside a container: plain daemon threads. */
    static final class Threads implements ManagedThreadFactory {
        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        }

        @Override
        public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
            throw new UnsupportedOperationException();
        }
    }

    /** An event nobody observes. */
    static final class NoEvent<T> implements Event<T> {
        @Override
        public void fire(T event) {
        }

        @Override
        public <U extends T> CompletionStage<U> fireAsync(U event) {
            return CompletableFuture.completedFuture(event);
        }

        @Override
        public <U extends T> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            return CompletableFuture.completedFuture(event);
        }

        @Override
        public Event<T> select(Annotation... qualifiers) {
            return this;
        }

        @Override
        public <U extends T> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            return new NoEvent<>();
        }

        @Override
        public <U extends T> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            return new NoEvent<>();
        }
    }
}
