package com.xuqinmin.im.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A connection's subscriptions, by id and by destination (a session may subscribe to one
 * destination several times). Changed by the connection's inbound thread, read by delivery threads.
 * The maps start small (a client subscribes to its queue and perhaps its errors; more grow them):
 * every idle session holds them.
 */
final class Subscriptions {

    private final Map<String, Subscription> byId = new ConcurrentHashMap<>(2);
    private final Map<String, List<Subscription>> byDestination = new ConcurrentHashMap<>(2);

    Subscription get(String subscriptionId) {
        return byId.get(subscriptionId);
    }

    int count() {
        return byId.size();
    }

    /** Adds a subscription; answers true when it is the first one to its destination. */
    boolean add(Subscription s) {
        byId.put(s.id(), s);
        List<Subscription> list = byDestination.computeIfAbsent(s.destination(), d -> new CopyOnWriteArrayList<>());
        list.add(s);
        return list.size() == 1;
    }

    /** Removes a subscription; answers true when no other one to its destination remains. */
    boolean remove(Subscription s) {
        byId.remove(s.id());
        List<Subscription> list = byDestination.get(s.destination());
        if (list == null) {
            return true;
        }
        list.remove(s);
        if (list.isEmpty()) {
            byDestination.remove(s.destination());
            return true;
        }
        return false;
    }

    /** Removes every subscription to a destination (e.g. the user left the group); returns them. */
    List<Subscription> removeDestination(String destination) {
        List<Subscription> list = byDestination.remove(destination);
        if (list == null) {
            return List.of();
        }
        for (Subscription s : list) {
            byId.remove(s.id());
        }
        return new ArrayList<>(list);
    }

    /** The subscriptions to a destination, or {@code null} when there is none. */
    List<Subscription> to(String destination) {
        return byDestination.get(destination);
    }

    List<Subscription> all() {
        return new ArrayList<>(byId.values());
    }

    boolean isSubscribed(String destination) {
        return byDestination.containsKey(destination);
    }
}
