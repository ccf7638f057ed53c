package com.xuqinmin.im.platform;

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
}
