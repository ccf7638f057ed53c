package com.xuqinmin.im.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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
                out.add(new Session(c.id(), c.deviceId(), c.connectedAtMillis(), c.platform()));
            }
        }
        out.sort(Comparator.comparingLong(Session::connectedAt).thenComparing(Session::sessionId));
        return out;
    }
}
