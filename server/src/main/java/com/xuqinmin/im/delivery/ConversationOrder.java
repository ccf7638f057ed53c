package com.xuqinmin.im.delivery;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Keeps each conversation's messages in seq order on this node when several nodes store them. One
 * node's lane publishes a conversation in order, but two nodes' messages meet here in any order: a
 * message whose predecessor has not arrived is held for a moment; if the predecessor still has not
 * come (its node's publication was lost), the gap is read from the database. (Revoke notices are
 * not numbered and never come here.) The first message of a conversation this node has not seen for two
 * minutes passes at once (there is nothing to wait for yet). Plain Java: the timer and the database
 * are given to it.
 */
public final class ConversationOrder {

    /** The stored messages of a conversation with {@code after < seq < before}, oldest first. */
    @FunctionalInterface
    public interface GapLoader {
        List<MessageStored> between(String appKey, String conversationId, long after, long before);
    }

    private static final long IDLE_MILLIS = 120_000;

    private final Consumer<MessageStored> sink;
    private final GapLoader loader;
    private final long holdMillis;
    private final ConcurrentHashMap<String, Conv> convs = new ConcurrentHashMap<>();

    private static final class Conv {
        final String appKey;
        final String conversationId;
        long last;
        long heldSince;
        long touched;
        final TreeMap<Long, MessageStored> held = new TreeMap<>();

        Conv(String appKey, String conversationId) {
            this.appKey = appKey;
            this.conversationId = conversationId;
        }
    }

    public ConversationOrder(Consumer<MessageStored> sink, GapLoader loader, long holdMillis) {
        this.sink = sink;
        this.loader = loader;
        this.holdMillis = holdMillis;
    }

    /** Passes a message on in order, or holds it until its predecessors have passed. */
    public void offer(MessageStored e, long now) {
        if (e.seq() <= 0) {
            sink.accept(e);
            return;
        }
        Conv c = convs.computeIfAbsent(e.appKey() + '\u0000' + e.conversationId(),
                k -> new Conv(e.appKey(), e.conversationId()));
        // the sink only queues frames, so it runs under the conversation's lock: that is what keeps
        // two threads (a lane and the bus reader) from passing each other
        synchronized (c) {
            c.touched = now;
            if (c.last == 0 || e.seq() <= c.last + 1) {
                pass(c, e);
                release(c);
            } else {
                c.held.put(e.seq(), e);
                if (c.heldSince == 0) {
                    c.heldSince = now;
                }
            }
        }
    }

    /**
     * Fills the gaps held longer than the hold time from the database and passes what waited behind
     * them; forgets conversations idle for two minutes. Call it on a timer, on a thread that may use
     * the database.
     */
    public void tick(long now) {
        for (Map.Entry<String, Conv> entry : convs.entrySet()) {
            Conv c = entry.getValue();
            synchronized (c) {
                if (!c.held.isEmpty() && now - c.heldSince >= holdMillis) {
                    long before = c.held.firstKey();
                    List<MessageStored> gap;
                    try {
                        gap = loader.between(c.appKey, c.conversationId, c.last, before);
                    } catch (RuntimeException dbDown) {
                        gap = List.of(); // the client's next sync fills it
                    }
                    for (MessageStored g : gap) {
                        pass(c, g);
                    }
                    c.last = Math.max(c.last, before - 1); // what the database does not have never comes
                    release(c);
                } else if (c.held.isEmpty() && now - c.touched > IDLE_MILLIS) {
                    convs.remove(entry.getKey(), c);
                }
            }
        }
    }

    /** How many messages wait for a predecessor right now (a gauge). */
    public int heldCount() {
        int n = 0;
        for (Conv c : convs.values()) {
            synchronized (c) {
                n += c.held.size();
            }
        }
        return n;
    }

    private void pass(Conv c, MessageStored e) {
        sink.accept(e);
        c.last = Math.max(c.last, e.seq());
    }

    private void release(Conv c) {
        while (!c.held.isEmpty() && c.held.firstKey() <= c.last + 1) {
            pass(c, c.held.pollFirstEntry().getValue());
        }
        if (c.held.isEmpty()) {
            c.heldSince = 0;
        }
    }
}
