package com.xuqinmin.im.delivery;

import java.util.List;

/**
 * A user came online (its first session anywhere) or went offline (its last one closed): written to
 * the sessions of {@code friends} subscribed to {@code /user/queue/presence}, on every node. The
 * friends are chosen where it happened (its friends, less those it blocked), so no node reads them
 * again. Never stored: a client reads the current state with {@code GET /api/im/users/presence}.
 */
public record PresenceChanged(String appKey, String userId, boolean online, List<String> friends, String json)
        implements ImEvent {

    public PresenceChanged {
        friends = List.copyOf(friends);
    }
}
