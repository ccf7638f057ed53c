package com.xuqinmin.im.gateway;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The frames a connection's {@code client} and {@code client-individual} subscriptions wait to be
 * ACKed or NACKed, oldest first, at most {@code max} of them: an ACK that never comes must not hold
 * memory for ever (the oldest is forgotten; a later sync brings its message again). Thread-safe.
 */
final class Acks {

    /** A frame written and not yet acknowledged; {@code conversationId} is {@code null} for a notice. */
    record Pending(String subscriptionId, String conversationId, long seq) {
    }

    // made by the first frame that waits for an ACK (a session with only ack:auto subscriptions has none)
    private LinkedHashMap<String, Pending> pending;
    private final int max;

    Acks(int max) {
        this.max = max;
    }

    /** Remembers a frame sent with {@code ack:messageId}. */
    synchronized void expect(String messageId, Pending p) {
        if (pending == null) {
            pending = new LinkedHashMap<>();
        }
        pending.put(messageId, p);
        if (pending.size() > max) {
            Iterator<String> it = pending.keySet().iterator();
            it.next();
            it.remove();
        }
    }

    /**
     * Takes what an ACK or NACK of {@code ackId} covers: that frame and, for a {@code client}
     * subscription, every earlier frame of the same subscription. {@code null} when the id is unknown.
     */
    synchronized List<Pending> take(String ackId, Function<String, Subscription> subscriptions) {
        Pending p = pending == null ? null : pending.get(ackId);
        if (p == null) {
            return null;
        }
        List<Pending> done = new ArrayList<>();
        Subscription s = subscriptions.apply(p.subscriptionId());
        if (s != null && s.ack() == Subscription.AckMode.CLIENT) {
            Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, Pending> e = it.next();
                if (e.getValue().subscriptionId().equals(p.subscriptionId())) {
                    done.add(e.getValue());
                    it.remove();
                }
                if (e.getKey().equals(ackId)) {
                    break;
                }
            }
        } else {
            pending.remove(ackId);
            done.add(p);
        }
        return done;
    }

    /** Forgets the frames of a subscription that ended. */
    synchronized void forget(String subscriptionId) {
        if (pending != null) {
            pending.values().removeIf(p -> p.subscriptionId().equals(subscriptionId));
        }
    }
}
