package com.xuqinmin.im.gateway;

import com.xuqinmin.im.stomp.Frame;
import com.xuqinmin.im.stomp.Headers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A connection's open STOMP transactions and the frames buffered in each until COMMIT or ABORT.
 * Used only by the connection's inbound work (under its inbound lock).
 */
final class Transactions {

    private final Map<String, List<Frame>> open = new HashMap<>();
    /** The bytes of the frames buffered in all open transactions (bodies and header lines). */
    private long bytes;

    boolean isOpen(String tx) {
        return open.containsKey(tx);
    }

    int count() {
        return open.size();
    }

    void begin(String tx) {
        open.put(tx, new ArrayList<>());
    }

    /** The frames buffered so far in {@code tx}, or {@code null} when it is not open. */
    List<Frame> frames(String tx) {
        return open.get(tx);
    }

    /** Buffers {@code f} in the open transaction {@code tx}. */
    void add(String tx, Frame f) {
        open.get(tx).add(f);
        bytes += size(f);
    }

    /** The bytes all open transactions hold, and {@code f} would add. */
    long bytesWith(Frame f) {
        return bytes + size(f);
    }

    /** Ends {@code tx} (COMMIT or ABORT); answers its frames, or {@code null} when it was not open. */
    List<Frame> end(String tx) {
        List<Frame> frames = open.remove(tx);
        if (frames != null) {
            for (Frame f : frames) {
                bytes -= size(f);
            }
        }
        return frames;
    }

    void clear() {
        open.clear();
        bytes = 0;
    }

    /** What a buffered frame holds on to: its body, and each header line with its separator and newline. */
    static long size(Frame f) {
        long n = f.body().length;
        for (Headers.Header h : f.headers()) {
            n += h.name().length() + h.value().length() + 2;
        }
        return n;
    }
}
