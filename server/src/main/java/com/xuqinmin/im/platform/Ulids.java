package com.xuqinmin.im.platform;

import com.github.f4b6a3.ulid.Ulid;
import com.github.f4b6a3.ulid.UlidFactory;

/**
 * Server message ids: ULIDs, unique and ordered by creation time. Monotonic within a millisecond on
 * this node, so ids of one node never go backwards.
 */
public final class Ulids {

    private static final UlidFactory FACTORY = UlidFactory.newMonotonicInstance();

    private Ulids() {
    }

    public static String next() {
        return FACTORY.create().toString();
    }

    /**
     * The smallest id of time {@code millis} (Unix ms): every id made before that millisecond is
     * below it, every id made from it on is at or above it (ids compare as strings).
     */
    public static String floor(long millis) {
        return Ulid.min(millis).toString();
    }
}
