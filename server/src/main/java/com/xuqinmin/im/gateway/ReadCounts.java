package com.xuqinmin.im.gateway;

import com.xuqinmin.im.chat.ConversationId;
import com.xuqinmin.im.chat.GroupReads;
import com.xuqinmin.im.delivery.ConversationRead;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The live READ_COUNT updates of group read receipts (PROTOCOL.md): when a member's read point in a
 * group moves, the messages others sent in between gained a reader. Each read (from this node or,
 * over the cluster bus, another) marks the (group, sender) pairs whose sender has a session here;
 * once a second the marks are taken and each sender's sessions here get one frame with the current
 * counts of its messages in the marked range. So a session hears of a message at most once a second
 * whatever the number of readers, every node answers only for its own sessions, and the counts come
 * from the database, the same on every node.
 */
@ApplicationScoped
public class ReadCounts {

    private static final Logger LOG = Logger.getLogger(ReadCounts.class.getName());

    /** How often the marks are sent, and so the least time between two updates of one message. */
    static final long EVERY_MILLIS = 1000;

    /** The most (group, sender) pairs waiting for the next update; past it, new pairs wait for a later read. */
    static final int MAX_PENDING = 10_000;

    @Inject
    SessionRegistry sessions;

    @Inject
    GroupReads reads;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private record Key(String appKey, String conversationId, String senderId) {
    }

    /** Per (group, sender): the seq range {@code (from, to]} read since the last update. */
    private final ConcurrentHashMap<Key, long[]> pending = new ConcurrentHashMap<>();
    private ScheduledFuture<?> task;

    @PostConstruct
    void start() {
        task = scheduler.scheduleWithFixedDelay(this::flush, EVERY_MILLIS, EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    /** Marks the senders (here) of what a group member just read; cheap, on the thread that fired the read. */
    void onRead(@Observes ConversationRead r) {
        if (!ConversationId.isGroup(r.conversationId())) {
            return;
        }
        for (String sender : r.recipients()) {
            if (sender.equals(r.readerId()) || !sessions.hearsMessages(r.appKey(), sender)) {
                continue;
            }
            Key k = new Key(r.appKey(), r.conversationId(), sender);
            if (pending.size() >= MAX_PENDING && !pending.containsKey(k)) {
                continue;
            }
            pending.merge(k, new long[] {r.fromSeq(), r.seq()},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
    }

    void flush() {
        for (Key k : pending.keySet()) {
            long[] range = pending.remove(k);
            if (range == null) {
                continue;
            }
            try {
                reads.readCountUpdate(k.appKey(), k.conversationId(), k.senderId(), range[0], range[1])
                        .ifPresent(json -> sessions.toUserMessages(k.appKey(), k.senderId(), json));
            } catch (RuntimeException e) {
                // one group's failure (a database hiccup) must not stop the others' updates
                LOG.log(Level.WARNING, "read count update failed for " + k.conversationId(), e);
            }
        }
    }
}
