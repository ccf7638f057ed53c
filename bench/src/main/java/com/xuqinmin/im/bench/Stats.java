package com.xuqinmin.im.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What one run measured: latency histograms (microseconds, recorded from many threads) and counters.
 * Latencies are taken from the time a send was due, not when it went out, so a generator that falls
 * behind shows up as latency instead of hiding it (no coordinated omission).
 */
final class Stats {

    /**
     * The counters every scenario reports. SKIPPED: sends the schedule wanted but the generator held
     * back because too many were unanswered (the server is saturated; see --max-outstanding).
     */
    enum Count {
        SENT, SKIPPED, RECEIPTS, EXPECTED, DELIVERED, DUPLICATES, ERRORS, REJECTIONS, BUSY, SEND_FAILURES, CONNECT_FAILURES,
        CLOSED
    }

    private final Map<Count, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, Recorder> recorders = new ConcurrentHashMap<>();
    private final Map<String, Histogram> taken = new ConcurrentHashMap<>();
    private final Map<String, String> firstErrors = new ConcurrentHashMap<>();

    Stats() {
        for (Count c : Count.values()) {
            counts.put(c, new LongAdder());
        }
    }

    void add(Count c) {
        counts.get(c).increment();
    }

    void add(Count c, long n) {
        counts.get(c).add(n);
    }

    long get(Count c) {
        return counts.get(c).sum();
    }

    /** Keeps the first few error texts, so a failed run says why. */
    void note(String what) {
        if (firstErrors.size() < 5) {
            firstErrors.putIfAbsent(what.length() > 200 ? what.substring(0, 200) : what, "");
        }
    }

    java.util.Set<String> notes() {
        return firstErrors.keySet();
    }

    void record(String histogram, long micros) {
        recorders.computeIfAbsent(histogram, k -> new Recorder(3)).recordValue(Math.max(0, micros));
    }

    /** Drops what was recorded so far (the warm-up), except the connection times. */
    void reset() {
        recorders.forEach((k, r) -> {
            if (!k.equals("connect")) {
                r.getIntervalHistogram();
            }
        });
    }

    /** Takes what was recorded since the last reset into the result. */
    void take() {
        recorders.forEach((k, r) -> taken.put(k, r.getIntervalHistogram()));
    }

    Map<String, Histogram> histograms() {
        return taken;
    }

    /** Percentiles in milliseconds, as a JSON object. */
    static String json(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        m.put("p50", ms(h.getValueAtPercentile(50)));
        m.put("p90", ms(h.getValueAtPercentile(90)));
        m.put("p99", ms(h.getValueAtPercentile(99)));
        m.put("p999", ms(h.getValueAtPercentile(99.9)));
        m.put("max", ms(h.getMaxValue()));
        m.put("mean", Math.round(h.getMean()) / 1000.0);
        return JsonOut.object(m);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
