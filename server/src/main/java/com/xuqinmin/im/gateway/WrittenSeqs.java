package com.xuqinmin.im.gateway;

import com.xuqinmin.im.chat.Runs;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The seqs of each conversation a connection has queued or written, so that live delivery and sync
 * never write the same message twice. Bounded by forgetting: a conversation is dropped once nothing
 * of it is waiting to be written, nothing was queued for it through a whole sweep interval, none of
 * it went to a {@code client}-ack subscription, and the device's cursor already covers it ({@code
 * settled}: the cursor tracker holds nothing unwritten for it). A later sync then starts from the
 * stored cursor, which is past everything forgotten; so what is kept is what was written in the last
 * interval or so, not one entry per conversation the connection ever saw (an hour-long soak held
 * 860,000 of them, about 110 bytes each, docs/benchmarks.md).
 *
 * <p>Not thread-safe: the owning {@link Outbound} guards it with its lock.
 */
final class WrittenSeqs {

    /** What is known of one conversation on this connection. */
    private static final class Seqs {
        final Runs runs = new Runs();
        /** Copies queued for {@code auto}-ack subscriptions and not yet written. */
        int unwritten;
        /** Something went to a {@code client}-ack subscription: kept for the connection's life. */
        boolean acked;
        /** Queued to since the last sweep. */
        boolean touched;
    }

    private final Map<String, Seqs> seqs = new HashMap<>();
    private final long sweepEveryNanos;
    private final int keepWithoutSweep;
    private long lastSweep;

    /**
     * @param sweepEveryNanos the least time between two sweeps (an entry lives at least this long after its last seq)
     * @param keepWithoutSweep below this many conversations no sweep is made
     */
    WrittenSeqs(long sweepEveryNanos, int keepWithoutSweep, long now) {
        this.sweepEveryNanos = sweepEveryNanos;
        this.keepWithoutSweep = keepWithoutSweep;
        this.lastSweep = now;
    }

    /**
     * Records that {@code seq} is being queued: {@code autoCopies} copies for auto-ack subscriptions
     * (each to be {@link #written}), and whether any went to a client-ack one.
     *
     * @return false when this connection already has the seq (then nothing is recorded)
     */
    boolean add(String conversationId, long seq, int autoCopies, boolean clientAck) {
        Seqs s = seqs.computeIfAbsent(conversationId, k -> new Seqs());
        if (!s.runs.add(seq)) {
            return false;
        }
        s.unwritten += autoCopies;
        s.acked |= clientAck;
        s.touched = true;
        return true;
    }

    /** One auto-ack copy of a seq of the conversation has been written. */
    void written(String conversationId) {
        Seqs s = seqs.get(conversationId);
        if (s != null && s.unwritten > 0) {
            s.unwritten--;
        }
    }

    /** The end of the run of seqs from {@code after} that this connection has. */
    long contiguousEnd(String conversationId, long after) {
        Seqs s = seqs.get(conversationId);
        return s == null ? after : s.runs.contiguousEnd(after);
    }

    int size() {
        return seqs.size();
    }

    /**
     * Forgets the conversations that are done with (see the class comment), at most once per sweep
     * interval and only past {@code keepWithoutSweep} conversations.
     *
     * @return how many were forgotten
     */
    int sweepIfDue(long now, Predicate<String> settled) {
        if (seqs.size() <= keepWithoutSweep || now - lastSweep < sweepEveryNanos) {
            return 0;
        }
        lastSweep = now;
        int dropped = 0;
        for (Iterator<Map.Entry<String, Seqs>> it = seqs.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Seqs> e = it.next();
            Seqs s = e.getValue();
            if (!s.touched && s.unwritten == 0 && !s.acked && settled.test(e.getKey())) {
                it.remove();
                dropped++;
            } else {
                s.touched = false;
            }
        }
        return dropped;
    }
}
