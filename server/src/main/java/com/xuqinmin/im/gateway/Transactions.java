package com.xuqinmin.im.gateway;

import com.xuqinmin.im.stomp.Frame;
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

    /** Ends {@code tx} (COMMIT or ABORT); answers its frames, or {@code null} when it was not open. */
    List<Frame> end(String tx) {
        return open.remove(tx);
    }

    void clear() {
        open.clear();
    }
}
