package com.xuqinmin.im.chat;

import com.xuqinmin.im.platform.ImConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Remembers which seqs each device has received and moves the delivered cursors forward in the
 * background (every {@code im.cursor.flush-ms}), so delivering a message costs no database write.
 * A cursor only ever advances over seqs the device really received: a run that starts after a gap
 * waits until the gap is filled (by sync) before it is written.
 */
@ApplicationScoped
public class CursorTracker {

    private static final Logger LOG = Logger.getLogger(CursorTracker.class.getName());

    @Inject
    CursorStore store;

    @Inject
    ImConfig config;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final ConcurrentHashMap<Cursor.Key, Entry> pending = new ConcurrentHashMap<>();
    // one flush at a time on this node: the periodic flush and a sync's or a closing device's flush
    // would otherwise both insert the same new cursor row, and one of them would fail on the key
    private final Object flushLock = new Object();
    // flushes asked for while another runs; the next holder of the lock writes them all in one
    // transaction (when 1,000 sessions close at once, one write instead of 1,000 in a row, each
    // holding a server thread: measured with bench/, see docs/benchmarks.md)
    private final ConcurrentLinkedQueue<FlushRequest> requests = new ConcurrentLinkedQueue<>();

    private record FlushRequest(List<Cursor.Key> keys, boolean force, CompletableFuture<Void> done) {
    }
    private ScheduledFuture<?> task;

    /** The seqs received by one device in one conversation and not yet written. */
    private static final class Entry {
        final Runs runs = new Runs();
        boolean dirty;
        boolean removed; // taken out of the map: writers must make a new entry
    }

    @PostConstruct
    void start() {
        long every = config.cursorFlushMillis();
        task = scheduler.scheduleWithFixedDelay(this::flushAll, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
        flushAll();
    }

    /** Records that a device received {@code seq} of a conversation. */
    public void delivered(String appKey, String userId, String deviceId, String conversationId, long seq) {
        Cursor.Key key = new Cursor.Key(appKey, userId, deviceId, conversationId);
        for (;;) {
            Entry e = pending.computeIfAbsent(key, k -> new Entry());
            synchronized (e) {
                if (e.removed) {
                    continue;
                }
                if (e.runs.add(seq)) {
                    e.dirty = true;
                }
                return;
            }
        }
    }

    /**
     * What one device has received and this node has not written yet, by conversation id (copies).
     * Read it before the device's stored cursors: a flush that writes meanwhile only moves the stored
     * cursor up to where these runs already reach, never past what they say.
     */
    public Map<String, Runs> unwrittenOf(String appKey, String userId, String deviceId) {
        Map<String, Runs> out = new java.util.HashMap<>();
        for (Map.Entry<Cursor.Key, Entry> me : pending.entrySet()) {
            Cursor.Key k = me.getKey();
            if (k.appKey.equals(appKey) && k.userId.equals(userId) && k.deviceId.equals(deviceId)) {
                synchronized (me.getValue()) {
                    if (!me.getValue().removed && !me.getValue().runs.isEmpty()) {
                        out.put(k.conversationId, me.getValue().runs.copy());
                    }
                }
            }
        }
        return out;
    }

    /** Writes what one device has received in these conversations now (waiting for a flush that runs). */
    public void flushConversations(String appKey, String userId, String deviceId, java.util.Collection<String> ids) {
        List<Cursor.Key> keys = new ArrayList<>(ids.size());
        for (String id : ids) {
            keys.add(new Cursor.Key(appKey, userId, deviceId, id));
        }
        flush(keys, true);
    }

    /** A device of a user (all its sessions share its cursors). */
    public record Device(String appKey, String userId, String deviceId) {
    }

    /** Forgets what cannot be written for a device whose last session closed (after one last try). */
    public void deviceGone(String appKey, String userId, String deviceId) {
        devicesGone(List.of(new Device(appKey, userId, deviceId)), d -> true);
    }

    /**
     * {@link #deviceGone} for several devices with one flush: writes what each has received, then
     * forgets what could not be written for those that are still gone ({@code stillGone} is asked
     * after the flush: a device that came back meanwhile keeps its unwritten runs).
     */
    public void devicesGone(List<Device> devices, java.util.function.Predicate<Device> stillGone) {
        if (devices.isEmpty()) {
            return;
        }
        Set<Device> wanted = new java.util.HashSet<>(devices);
        List<Cursor.Key> keys = new ArrayList<>();
        for (Cursor.Key k : pending.keySet()) {
            if (wanted.contains(new Device(k.appKey, k.userId, k.deviceId))) {
                keys.add(k);
            }
        }
        flush(keys, true);
        Set<Device> gone = new java.util.HashSet<>();
        for (Device d : wanted) {
            if (stillGone.test(d)) {
                gone.add(d);
            }
        }
        for (Map.Entry<Cursor.Key, Entry> me : pending.entrySet()) {
            Cursor.Key k = me.getKey();
            if (gone.contains(new Device(k.appKey, k.userId, k.deviceId))) {
                synchronized (me.getValue()) {
                    me.getValue().removed = true;
                    pending.remove(k, me.getValue());
                }
            }
        }
    }

    /**
     * Drops what this node holds, unwritten, for every device of a user whose cursors are being
     * deleted, so that no flush writes them again afterwards.
     */
    public void forgetUser(String appKey, String userId) {
        for (Map.Entry<Cursor.Key, Entry> me : pending.entrySet()) {
            Cursor.Key k = me.getKey();
            if (k.appKey.equals(appKey) && k.userId.equals(userId)) {
                synchronized (me.getValue()) {
                    me.getValue().removed = true;
                    pending.remove(k, me.getValue());
                }
            }
        }
    }

    void flushAll() {
        try {
            flush(new ArrayList<>(pending.keySet()), false);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cursor flush failed; will retry", e);
        }
    }

    /** Writes the keys' cursors before it returns, together with whatever other flushes are waiting. */
    private void flush(List<Cursor.Key> keys, boolean force) {
        FlushRequest mine = new FlushRequest(keys, force, new CompletableFuture<>());
        requests.add(mine);
        synchronized (flushLock) {
            if (!mine.done().isDone()) {
                List<FlushRequest> batch = new ArrayList<>();
                Set<Cursor.Key> forced = new LinkedHashSet<>();
                Set<Cursor.Key> unforced = new LinkedHashSet<>();
                FlushRequest r;
                while ((r = requests.poll()) != null) {
                    batch.add(r);
                    (r.force() ? forced : unforced).addAll(r.keys());
                }
                unforced.removeAll(forced);
                try {
                    flushLocked(new ArrayList<>(forced), true);
                    flushLocked(new ArrayList<>(unforced), false);
                    batch.forEach(b -> b.done().complete(null));
                } catch (RuntimeException e) {
                    batch.forEach(b -> b.done().completeExceptionally(e));
                }
            }
        }
        try {
            mine.done().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    private void flushLocked(List<Cursor.Key> keys, boolean force) {
        List<CursorStore.Advance> advances = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        for (Cursor.Key k : keys) {
            Entry e = pending.get(k);
            if (e == null) {
                continue;
            }
            synchronized (e) {
                if (e.runs.isEmpty()) {
                    e.removed = true;
                    pending.remove(k, e);
                    continue;
                }
                if (!e.dirty && !force) {
                    continue;
                }
                e.dirty = false;
                // the lowest run is the only one that can continue the stored cursor
                advances.add(new CursorStore.Advance(k, e.runs.from(0), e.runs.contiguousEnd(e.runs.from(0))));
                entries.add(e);
            }
        }
        if (advances.isEmpty()) {
            return;
        }
        boolean[] settled;
        try {
            settled = store.applyDelivered(advances);
        } catch (RuntimeException batchFailure) {
            // e.g. two nodes created the same cursor row: apply one by one so the rest go through
            settled = new boolean[advances.size()];
            for (int i = 0; i < advances.size(); i++) {
                try {
                    settled[i] = store.applyDelivered(List.of(advances.get(i)))[0];
                } catch (RuntimeException e) {
                    synchronized (entries.get(i)) {
                        entries.get(i).dirty = true;
                    }
                }
            }
        }
        for (int i = 0; i < advances.size(); i++) {
            Entry e = entries.get(i);
            CursorStore.Advance a = advances.get(i);
            synchronized (e) {
                if (settled[i]) {
                    e.runs.removeUpTo(a.to());
                    if (!e.runs.isEmpty()) {
                        e.dirty = true;
                    }
                }
                if (e.runs.isEmpty()) {
                    e.removed = true;
                    pending.remove(a.key(), e);
                }
            }
        }
    }

    /**
     * Whether the device's stored cursor covers every seq this node saw it receive in the
     * conversation (nothing of it waits to be written, after a gap or otherwise).
     */
    public boolean settled(String appKey, String userId, String deviceId, String conversationId) {
        Entry e = pending.get(new Cursor.Key(appKey, userId, deviceId, conversationId));
        if (e == null) {
            return true;
        }
        synchronized (e) {
            return e.removed || e.runs.isEmpty();
        }
    }

    /** How many (device, conversation) pairs wait to be written; for tests and metrics. */
    public int pendingCount() {
        return pending.size();
    }
}
