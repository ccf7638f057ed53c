package com.xuqinmin.im.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The seqs one user has received, per conversation, over all its connections: a user that comes
 * back gets live deliveries and its sync pages interleaved (a live seq 10 before the synced 5..9),
 * so a duplicate is a seq seen before, not one below the last. Kept as a contiguous floor and the
 * few seqs above it, so it stays small however long the run.
 */
final class SeqsSeen {

    private static final class Conversation {
        long floor;
        final TreeSet<Long> above = new TreeSet<>();
    }

    private final Map<String, Conversation> conversations = new HashMap<>();

    /** Records a seq; false when it was seen before (a duplicate). */
    synchronized boolean add(String conversationId, long seq) {
        Conversation c = conversations.computeIfAbsent(conversationId, k -> new Conversation());
        if (seq <= c.floor || !c.above.add(seq)) {
            return false;
        }
        while (!c.above.isEmpty() && c.above.first() == c.floor + 1) {
            c.floor = c.above.pollFirst();
        }
        return true;
    }
}
