package com.xuqinmin.im.gateway;

import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.stomp.Frame;
import com.xuqinmin.im.stomp.Headers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A connection's open STOMP transactions and the frames buffered in each until COMMIT or ABORT.
 * Used only by the connection's inbound work (under its inbound lock).
 */
final class Transactions {

    /** One open transaction: its frames, the bytes they hold, and why it may no longer commit. */
    private static final class Open {
        final List<Frame> frames = new ArrayList<>();
        long bytes;
        ImException refused;
    }

    // none until the first BEGIN: a connection that never opens a transaction holds no map
    private Map<String, Open> open = Collections.emptyMap();
    /** The bytes of the frames buffered in all open transactions (bodies and header lines). */
    private long bytes;

    boolean isOpen(String tx) {
        return open.containsKey(tx);
    }

    int count() {
        return open.size();
    }

    void begin(String tx) {
        if (open.isEmpty()) {
            open = new HashMap<>(4);
        }
        open.put(tx, new Open());
    }

    /** How many frames {@code tx} holds, or -1 when it is not open. */
    int size(String tx) {
        Open o = open.get(tx);
        return o == null ? -1 : o.frames.size();
    }

    /**
     * Buffers {@code f} in the open transaction {@code tx}, unless the frames of all open transactions
     * would then hold more than {@code bytesMax} bytes: then nothing is buffered and it answers false.
     */
    boolean add(String tx, Frame f, long bytesMax) {
        long n = bytesOf(f);
        if (bytes + n > bytesMax) {
            return false;
        }
        Open o = open.get(tx);
        o.frames.add(f);
        o.bytes += n;
        bytes += n;
        return true;
    }

    /** Marks the open transaction {@code tx} as one whose COMMIT must be refused (a frame of it was). */
    void refuse(String tx, ImException why) {
        Open o = open.get(tx);
        if (o != null && o.refused == null) {
            o.refused = why;
        }
    }

    /** Why {@code tx} may not commit, or {@code null}. */
    ImException refusal(String tx) {
        Open o = open.get(tx);
        return o == null ? null : o.refused;
    }

    /** Ends {@code tx} (COMMIT or ABORT); answers its frames, or {@code null} when it was not open. */
    List<Frame> end(String tx) {
        Open o = open.remove(tx);
        if (o == null) {
            return null;
        }
        bytes -= o.bytes;
        return o.frames;
    }

    void clear() {
        open = Collections.emptyMap();
        bytes = 0;
    }

    /** What a buffered frame holds on to: its body, and each header line with its separator and newline. */
    static long bytesOf(Frame f) {
        long n = f.body().length;
        for (Headers.Header h : f.headers()) {
            n += h.name().length() + h.value().length() + 2;
        }
        return n;
    }
}
