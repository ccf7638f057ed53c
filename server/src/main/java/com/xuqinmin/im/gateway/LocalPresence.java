package com.xuqinmin.im.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@link Presence} of a single node: the sessions in this node's registry that finished CONNECT. */
@ApplicationScoped
@Typed(LocalPresence.class)
public class LocalPresence implements Presence {

    @Inject
    SessionRegistry registry;

    @Override
    public List<Session> sessionsOf(String appKey, String userId) {
        List<Session> out = new ArrayList<>();
        for (Connection c : registry.sessionsOf(appKey, userId)) {
            if (c.isConnected()) {
                out.add(session(c));
            }
        }
        out.sort(ORDER);
        return out;
    }

    /** Walks this node's connections: fine for a console's question, not for a hot path. */
    @Override
    public Online onlineIn(String appKey, int limit) {
        Map<String, List<Session>> byUser = new TreeMap<>();
        for (Connection c : registry.connectedSessions()) {
            if (c.identity() != null && c.identity().appKey().equals(appKey)) {
                byUser.computeIfAbsent(c.identity().userId(), u -> new ArrayList<>()).add(session(c));
            }
        }
        List<OnlineUser> users = new ArrayList<>(Math.min(limit, byUser.size()));
        for (Map.Entry<String, List<Session>> e : byUser.entrySet()) {
            if (users.size() == limit) {
                break;
            }
            e.getValue().sort(ORDER);
            users.add(new OnlineUser(e.getKey(), e.getValue()));
        }
        return new Online(users, byUser.size() > limit, "node");
    }

    static final Comparator<Session> ORDER = Comparator.comparingLong(Session::connectedAt)
            .thenComparing(Session::sessionId);

    static Session session(Connection c) {
        return new Session(c.id(), c.deviceId(), c.connectedAtMillis(), c.transportName(), c.platform().wire());
    }
}
