package com.xuqinmin.im.chat;

import com.xuqinmin.im.delivery.ConversationOrder;
import com.xuqinmin.im.delivery.MessageEdited;
import com.xuqinmin.im.delivery.MessageRevoked;
import com.xuqinmin.im.delivery.MessageStored;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.DurableCommits;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.ImMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The store pipeline of DESIGN.md §2: conversations are hashed onto a fixed number of
 * single-threaded lanes. Everything that changes a conversation (send, revoke, read) runs on its
 * lane, so one conversation's messages are stored and delivered in seq order without locks on this
 * node. A lane stores whatever sends have queued up in one transaction (group commit); their
 * receipts and deliveries go out after that commit.
 *
 * <p>Every lane's queue is bounded (PROTOCOL.md, "Limits"): by count ({@code IM_LANE_QUEUE_MAX}), by
 * the bytes its messages hold ({@code IM_LANE_QUEUE_BYTES}) and by how long its oldest task has
 * waited ({@code IM_LANE_MAX_WAIT_MS}). Past any of them a task is refused at once with
 * {@code SERVER_BUSY}, before any of it is done, so overload never grows a queue or its latency
 * without limit. On stop the lanes take nothing new ({@code SERVICE_UNAVAILABLE}) and store what is
 * queued for up to {@code IM_LANE_DRAIN_MS}; what is left then is refused, and one log line says how
 * many of each.
 */
@ApplicationScoped
public class ConversationLanes implements ConversationOrder.GapLoader {

    private static final Logger LOG = Logger.getLogger(ConversationLanes.class.getName());

    @Resource
    ManagedThreadFactory threadFactory;

    @Inject
    MessageStore store;

    @Inject
    Event<MessageStored> stored;

    @Inject
    Event<MessageRevoked> revoked;

    @Inject
    Event<MessageEdited> edited;

    @Inject
    ImConfig config;

    @Inject
    DurableCommits durable;

    @Inject
    ImMetrics metrics;

    private Lane[] lanes;

    @PostConstruct
    void start() {
        lanes = new Lane[config.lanes()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(i, config.laneBatchMax(), config.laneQueueMax(), config.laneQueueBytes(),
                    TimeUnit.MILLISECONDS.toNanos(config.laneMaxWaitMillis()));
            Thread t = threadFactory.newThread(lanes[i]);
            t.setName("im-lane-" + i);
            t.setDaemon(true);
            lanes[i].thread = t;
            t.start();
        }
    }

    /**
     * Stops taking work, lets every lane store what it has queued (for up to {@code IM_LANE_DRAIN_MS}),
     * then refuses what is left. One line in the log, not one per message.
     */
    @PreDestroy
    void stop() {
        int queued = 0;
        for (Lane l : lanes) {
            queued += l.queue.size();
            l.accepting = false;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.laneDrainMillis());
        for (Lane l : lanes) {
            try {
                l.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            l.stopping = true;
            l.thread.interrupt();
        }
        int refused = 0;
        int failed = 0;
        for (Lane l : lanes) {
            try {
                l.thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            refused += l.refusedAtStop;
            failed += l.failedAtStop;
        }
        if (queued > 0 || refused > 0 || failed > 0) {
            int q = queued;
            int r = refused;
            int f = failed;
            LOG.info(() -> "Lanes stopped: " + q + " tasks were queued; " + r + " of them refused (server stopping)"
                    + (f > 0 ? ", " + f + " sends could not be stored and were refused" : "")
                    + "; the rest stored and answered");
        }
    }

    /**
     * Stores a message; the stage completes after the commit (with the stored message, or the one
     * stored earlier under the same client id, marked duplicate), and the delivery is published
     * right after it. A failed store completes it exceptionally with an {@link ImException}.
     */
    public CompletionStage<StoredMessage> send(NewMessage m, String originSession) {
        SendTask t = new SendTask(m, originSession);
        lane(m.appKey(), m.conversationId()).submit(t);
        return t.result;
    }

    /**
     * Stores several messages atomically (a STOMP transaction): all of them or none. When they
     * belong to conversations of several lanes, those lanes are paused (in ascending order, so two
     * such units never wait on each other) while the unit is stored and delivered, which keeps every
     * conversation's order.
     */
    public CompletionStage<List<StoredMessage>> sendUnit(List<NewMessage> messages, String originSession) {
        java.util.TreeMap<Integer, Lane> involved = new java.util.TreeMap<>();
        for (NewMessage m : messages) {
            Lane l = lane(m.appKey(), m.conversationId());
            involved.put(l.index, l);
        }
        if (involved.size() == 1) {
            WorkTask<List<StoredMessage>> t = new WorkTask<>(() -> storeUnit(messages, originSession));
            involved.firstEntry().getValue().submit(t);
            return t.result;
        }
        CompletableFuture<List<StoredMessage>> result = new CompletableFuture<>();
        Thread coordinator = threadFactory.newThread(() -> {
            List<Barrier> held = new ArrayList<>();
            try {
                for (Lane l : involved.values()) {
                    Barrier b = new Barrier();
                    l.submit(b);
                    held.add(b);
                    b.parked.await();
                    if (b.failure != null) {
                        throw b.failure;
                    }
                }
                result.complete(storeUnit(messages, originSession));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result.completeExceptionally(new ImException(ErrorCode.SERVICE_UNAVAILABLE, "interrupted"));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            } finally {
                for (Barrier b : held) {
                    b.release.countDown();
                }
            }
        });
        coordinator.setName("im-unit");
        coordinator.start();
        return result;
    }

    private List<StoredMessage> storeUnit(List<NewMessage> messages, String originSession) {
        List<StoredMessage> stored;
        try {
            stored = store.storeUnit(messages);
        } catch (RuntimeException first) {
            try {
                stored = store.storeUnit(messages); // a lost unique-key race resolves on the second try
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not store a transaction of " + messages.size() + " messages", e);
                if (ImException.databaseDown(e)) {
                    throw ImException.of(e);
                }
                throw new ImException(ErrorCode.SERVICE_UNAVAILABLE, "the transaction could not be stored; send it again");
            }
        }
        ImException notWritten = writtenOrRefusal();
        if (notWritten != null) {
            throw notWritten;
        }
        for (StoredMessage m : stored) {
            if (!m.duplicate()) {
                publish(m, originSession);
            }
        }
        return stored;
    }

    /**
     * Runs {@code work} on the conversation's lane, after everything queued before it, then
     * {@code onceWritten} on the lane with its result once what it committed is written
     * ({@link DurableCommits}): what it announces is never lost in a crash after. The result is
     * answered after both.
     */
    public <T> CompletionStage<T> run(String appKey, String conversationId, Callable<T> work,
            Consumer<T> onceWritten) {
        WorkTask<T> t = new WorkTask<>(() -> {
            T value = work.call();
            ImException notWritten = writtenOrRefusal();
            if (notWritten != null) {
                throw notWritten;
            }
            onceWritten.accept(value);
            return value;
        });
        lane(appKey, conversationId).submit(t);
        return t.result;
    }

    /**
     * Waits until what this thread committed is written to the database file; answers the refusal
     * to give when that cannot be confirmed (stored, but not promised: a resend finds it), else null.
     */
    private ImException writtenOrRefusal() {
        try {
            durable.await();
            return null;
        } catch (IllegalStateException e) {
            return new ImException(ErrorCode.SERVICE_UNAVAILABLE,
                    "stored, but not confirmed written to disk; send it again (it will not be stored twice)");
        }
    }

    private Lane lane(String appKey, String conversationId) {
        int h = appKey.hashCode() * 31 + conversationId.hashCode();
        return lanes[Math.floorMod(h ^ (h >>> 16), lanes.length)];
    }

    private sealed interface Task permits SendTask, WorkTask, Barrier {
        void fail(Throwable t);

        /** When it was queued ({@link System#nanoTime()}). */
        long queuedAt();

        /** About how many bytes of heap it holds while it waits. */
        default long bytes() {
            return 256;
        }
    }

    /** Parks a lane until a multi-lane unit is done with it. */
    private static final class Barrier implements Task {
        final java.util.concurrent.CountDownLatch parked = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final long queuedAt = System.nanoTime();
        volatile ImException failure;

        @Override
        public long queuedAt() {
            return queuedAt;
        }

        void hold() throws InterruptedException {
            parked.countDown();
            release.await();
        }

        @Override
        public void fail(Throwable t) {
            failure = t instanceof ImException e ? e : new ImException(ErrorCode.SERVICE_UNAVAILABLE, "server is stopping");
            parked.countDown();
        }
    }

    /** A send waiting for its lane; {@code key} is the message's dedupe key, made once on the sender's thread. */
    private record SendTask(NewMessage message, String key, String origin, CompletableFuture<StoredMessage> result,
            long queuedAt) implements Task {
        SendTask(NewMessage message, String origin) {
            this(message, message.dedupeKey(), origin, new CompletableFuture<>(), System.nanoTime());
        }

        @Override
        public void fail(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public long bytes() {
            return 256 + 2L * message.content().length();
        }
    }

    private record WorkTask<T>(Callable<T> work, CompletableFuture<T> result, long queuedAt) implements Task {
        WorkTask(Callable<T> work) {
            this(work, new CompletableFuture<>(), System.nanoTime());
        }

        void runIt() {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }

        @Override
        public void fail(Throwable t) {
            result.completeExceptionally(t);
        }
    }

    private final class Lane implements Runnable {
        private final int index;
        private final int batchMax;
        private final long bytesMax;
        private final long maxWaitNanos;
        private final BlockingQueue<Task> queue;
        private final AtomicLong queuedBytes = new AtomicLong();
        // client ids stored recently on this lane: a resend of one is answered on its own (from the
        // database), so it does not fail the unique key of the batch it arrives in. Only the keys are
        // kept: holding the whole messages kept about 30 s of traffic alive, most of what each young
        // collection had to copy.
        private final Set<String> recent = Collections.newSetFromMap(new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
                return size() > 4096;
            }
        });
        /** False once the server stops: new work is refused, what is queued is still stored. */
        volatile boolean accepting = true;
        /** True when the drain time is over: what is still queued is refused. */
        volatile boolean stopping;
        int refusedAtStop;
        int failedAtStop;
        Thread thread;

        Lane(int index, int batchMax, int queueMax, long bytesMax, long maxWaitNanos) {
            this.index = index;
            this.batchMax = batchMax;
            this.bytesMax = bytesMax;
            this.maxWaitNanos = maxWaitNanos;
            this.queue = new LinkedBlockingQueue<>(queueMax);
        }

        /** Queues a task, or refuses it at once (the task is failed, nothing of it is done). */
        void submit(Task t) {
            if (!accepting) {
                t.fail(new ImException(ErrorCode.SERVICE_UNAVAILABLE, "server is stopping"));
                return;
            }
            Task oldest = queue.peek();
            if (oldest != null && t.queuedAt() - oldest.queuedAt() > maxWaitNanos) {
                busy(t);
                return;
            }
            long b = t.bytes();
            long after = queuedBytes.addAndGet(b);
            // a task alone in the queue is always taken, whatever its size
            if ((after > bytesMax && after != b) || !queue.offer(t)) {
                queuedBytes.addAndGet(-b);
                busy(t);
            }
        }

        private void busy(Task t) {
            metrics.busyRefusal();
            t.fail(new ImException(ErrorCode.SERVER_BUSY,
                    "the server is busy; send it again in a moment (with the same messageId: it is stored once)"));
        }

        /** Takes the next task: waits while running, stops waiting once no new work comes. */
        private Task next() throws InterruptedException {
            Task t = queue.poll(accepting ? 200 : 0, TimeUnit.MILLISECONDS);
            if (t != null) {
                queuedBytes.addAndGet(-t.bytes());
            }
            return t;
        }

        @Override
        public void run() {
            List<Task> drained = new ArrayList<>(batchMax);
            List<SendTask> sends = new ArrayList<>(batchMax);
            while (!stopping) {
                try {
                    Task first = next();
                    if (first == null) {
                        if (!accepting) {
                            break; // drained
                        }
                        continue;
                    }
                    drained.add(first);
                    Task t;
                    while (drained.size() < batchMax && (t = queue.poll()) != null) {
                        queuedBytes.addAndGet(-t.bytes());
                        drained.add(t);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                // keep the order: consecutive sends form one batch, other work runs between batches
                for (Task t : drained) {
                    if (t instanceof SendTask s) {
                        sends.add(s);
                    } else if (t instanceof Barrier b) {
                        flushSends(sends);
                        try {
                            b.hold();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            stopping = true;
                        }
                    } else {
                        flushSends(sends);
                        ((WorkTask<?>) t).runIt();
                    }
                }
                flushSends(sends);
                drained.clear();
            }
            Task t;
            while ((t = queue.poll()) != null) {
                refusedAtStop++;
                t.fail(new ImException(ErrorCode.SERVICE_UNAVAILABLE, "server is stopping"));
            }
            LOG.fine(() -> "lane " + index + " stopped");
        }

        private void flushSends(List<SendTask> sends) {
            if (sends.isEmpty()) {
                return;
            }
            List<SendTask> toStore = new ArrayList<>(sends.size());
            List<SendTask> resends = null;
            for (SendTask s : sends) {
                if (recent.contains(s.key())) {
                    if (resends == null) {
                        resends = new ArrayList<>(2);
                    }
                    resends.add(s);
                } else {
                    toStore.add(s);
                }
            }
            sends.clear();
            List<SendTask> answered = new ArrayList<>(toStore);
            List<StoredMessage> results = new ArrayList<>(toStore.size());
            if (!toStore.isEmpty()) {
                results.addAll(storeAll(toStore));
            }
            if (resends != null) {
                for (SendTask s : resends) {
                    answered.add(s);
                    results.add(storeOneOrFail(s)); // finds the message stored the first time
                }
            }
            // a RECEIPT promises the message is stored: on the embedded database, once it is in the file
            ImException notWritten = writtenOrRefusal();
            for (int i = 0; i < answered.size(); i++) {
                if (notWritten != null && results.get(i) != null) {
                    answered.get(i).result.completeExceptionally(notWritten);
                } else {
                    completed(answered.get(i), results.get(i));
                }
            }
        }

        /** Answers a send with its stored message ({@code null}: it failed and was answered) and publishes it. */
        private void completed(SendTask s, StoredMessage m) {
            if (m == null) {
                return;
            }
            s.result.complete(m);
            if (!m.duplicate()) {
                recent.add(s.key());
                publish(m, s.origin);
            }
        }

        private List<StoredMessage> storeAll(List<SendTask> tasks) {
            List<NewMessage> batch = new ArrayList<>(tasks.size());
            for (SendTask s : tasks) {
                batch.add(s.message);
            }
            try {
                return store.storeBatch(batch);
            } catch (RuntimeException batchFailure) {
                boolean down = ImException.databaseDown(batchFailure);
                if (down || !accepting) {
                    // one by one would wait for the pool once per message, or fail on a persistence
                    // unit the stopping server is closing: refuse them all now
                    ImException refusal = down ? ImException.of(batchFailure)
                            : new ImException(ErrorCode.SERVICE_UNAVAILABLE, "server is stopping");
                    if (down && accepting) {
                        LOG.warning(() -> "the database is unavailable: " + tasks.size() + " messages refused");
                    } else {
                        failedAtStop += tasks.size();
                    }
                    List<StoredMessage> none = new ArrayList<>(tasks.size());
                    for (SendTask s : tasks) {
                        s.result.completeExceptionally(refusal);
                        none.add(null);
                    }
                    return none;
                }
                LOG.log(Level.FINE, "batch store failed, storing one by one", batchFailure);
            }
            // one by one: only the message that caused the failure fails (or is found as a duplicate)
            List<StoredMessage> out = new ArrayList<>(tasks.size());
            for (SendTask s : tasks) {
                out.add(storeOneOrFail(s));
            }
            return out;
        }

        private StoredMessage storeOneOrFail(SendTask s) {
            RuntimeException failure = null;
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    return store.storeOne(s.message);
                } catch (RuntimeException e) {
                    failure = e;
                    if (ImException.databaseDown(e)) {
                        break; // a second try now would only wait for the pool again
                    }
                    // a concurrent creation of the conversation or of the same client id on another
                    // node loses the unique-key race once; the second attempt sees the winner
                    if (attempt == 1 && accepting) {
                        LOG.log(Level.WARNING, "could not store message " + s.message.id(), e);
                    }
                }
            }
            if (!accepting) {
                failedAtStop++;
            }
            s.result.completeExceptionally(ImException.databaseDown(failure) ? ImException.of(failure)
                    : new ImException(ErrorCode.SERVICE_UNAVAILABLE, "the message could not be stored; send it again"));
            return null;
        }
    }

    /** Announces a stored message to every node (on its lane, after the commit: in seq order). */
    void publish(StoredMessage m, String origin) {
        metrics.messageIn();
        stored.fire(event(m, origin));
    }

    private static MessageStored event(StoredMessage m, String origin) {
        return new MessageStored(m.appKey(), m.conversationId(), m.chatType() == ChatType.GROUP, m.fromId(), m.toId(),
                m.seq(), MessageJson.message(m), origin, m.createdAt());
    }

    /**
     * The stored messages of a conversation with {@code after < seq < before}: what a node of a
     * cluster fills a gap with when another node's announcement of them was lost.
     */
    @Override
    public List<MessageStored> between(String appKey, String conversationId, long after, long before) {
        List<MessageStored> out = new ArrayList<>();
        if (before - after <= 1) {
            return out;
        }
        for (StoredMessage m : store.after(appKey, conversationId, after, (int) Math.min(before - after - 1, 1000))) {
            if (m.seq() < before) {
                out.add(event(m, null));
            }
        }
        return out;
    }

    /** Announces a revoke; call it on the conversation's lane so it follows the message. */
    void publishRevoke(StoredMessage m, String origin) {
        revoked.fire(new MessageRevoked(m.appKey(), m.conversationId(), m.chatType() == ChatType.GROUP, m.fromId(),
                m.toId(), m.seq(), MessageJson.message(m), origin));
    }

    /** Announces an edit; call it on the conversation's lane so it follows the message. */
    void publishEdit(StoredMessage m, String origin) {
        edited.fire(new MessageEdited(m.appKey(), m.conversationId(), m.chatType() == ChatType.GROUP, m.fromId(),
                m.toId(), m.seq(), MessageJson.editedNotice(m), origin));
    }
}
