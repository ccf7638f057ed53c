package com.xuqinmin.im.chat;

import java.util.Arrays;

/**
 * A set of seqs kept as sorted, disjoint, non-adjacent runs {@code [from, to]}. Deliveries of one
 * conversation to one device arrive almost in order, so the set is nearly always one or two runs.
 * Not thread-safe.
 */
public final class Runs {

    private long[] bounds = new long[4]; // from0, to0, from1, to1, ...
    private int count;

    /** An independent copy of this set. */
    public Runs copy() {
        Runs c = new Runs();
        c.bounds = Arrays.copyOf(bounds, bounds.length);
        c.count = count;
        return c;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public int runCount() {
        return count;
    }

    public long from(int i) {
        return bounds[2 * i];
    }

    public long to(int i) {
        return bounds[2 * i + 1];
    }

    public boolean contains(long seq) {
        int i = find(seq);
        return i >= 0 && seq >= from(i) && seq <= to(i);
    }

    /** Adds one seq; returns false when it was already present. */
    public boolean add(long seq) {
        return add(seq, seq);
    }

    /** Adds {@code [lo, hi]}; returns false when nothing new was added. */
    public boolean add(long lo, long hi) {
        if (lo > hi) {
            throw new IllegalArgumentException("lo > hi");
        }
        // first run that ends at or after lo - 1 (could merge with us)
        int first = 0;
        while (first < count && to(first) < lo - 1) {
            first++;
        }
        int last = first;
        while (last < count && from(last) <= hi + 1) {
            last++;
        }
        // runs [first, last) touch or overlap [lo, hi]
        if (last - first == 1 && from(first) <= lo && to(first) >= hi) {
            return false;
        }
        long newFrom = lo;
        long newTo = hi;
        if (last > first) {
            newFrom = Math.min(lo, from(first));
            newTo = Math.max(hi, to(last - 1));
        }
        int removed = last - first;
        int newCount = count - removed + 1;
        if (2 * newCount > bounds.length) {
            bounds = Arrays.copyOf(bounds, Math.max(bounds.length * 2, 2 * newCount));
        }
        // shift the tail
        System.arraycopy(bounds, 2 * last, bounds, 2 * (first + 1), 2 * (count - last));
        bounds[2 * first] = newFrom;
        bounds[2 * first + 1] = newTo;
        count = newCount;
        return true;
    }

    /** Removes the lowest run. */
    public void removeFirst() {
        if (count == 0) {
            return;
        }
        System.arraycopy(bounds, 2, bounds, 0, 2 * (count - 1));
        count--;
    }

    /** Removes every seq at or below {@code seq}. */
    public void removeUpTo(long seq) {
        while (count > 0 && to(0) <= seq) {
            removeFirst();
        }
        if (count > 0 && from(0) <= seq) {
            bounds[0] = seq + 1;
        }
    }

    /**
     * The highest seq {@code s >= after} such that every seq in {@code (after, s]} is present: where
     * a reader that has everything up to {@code after} can continue from.
     */
    public long contiguousEnd(long after) {
        long end = after;
        for (int i = 0; i < count; i++) {
            if (from(i) > end + 1) {
                break;
            }
            end = Math.max(end, to(i));
        }
        return end;
    }

    private int find(long seq) {
        for (int i = 0; i < count; i++) {
            if (to(i) >= seq) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "" : ", ").append(from(i)).append("..").append(to(i));
        }
        return sb.append(']').toString();
    }
}
