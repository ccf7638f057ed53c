package com.xuqinmin.im.gateway;

import java.util.List;

/**
 * Where a user is connected: the answer of the server API's online status. The embedded mode has
 * one node and answers from its own {@link SessionRegistry} ({@link LocalPresence}); a cluster keeps
 * every node's sessions in Redis ({@link RedisPresence}). {@link Presences} picks one at start-up.
 */
public interface Presence {

    /**
     * One connected STOMP session of a user, what carries it ({@link Transport#name()}) and the
     * platform its CONNECT named ({@code ios}, {@code android}, {@code pad}, {@code desktop}, {@code web}).
     */
    record Session(String sessionId, String deviceId, long connectedAt, String transport, String platform) {
    }

    /** An online user of an app and its sessions. */
    record OnlineUser(String userId, List<Session> sessions) {
    }

    /**
     * The app's online users, by userId, at most {@code limit} of them; {@code more} when there are
     * others; {@code scope} says what was looked at: {@code "node"} (this node's sessions) or
     * {@code "cluster"} (every node's, through Redis).
     */
    record Online(List<OnlineUser> users, boolean more, String scope) {
    }

    /** The user's connected sessions, oldest first; empty when the user is offline. */
    List<Session> sessionsOf(String appKey, String userId);

    /** The app's online users, as {@link Online} says. */
    Online onlineIn(String appKey, int limit);

    /** A session of this node finished CONNECT. */
    default void connected(Connection c) {
    }

    /** A connected session of this node closed. */
    default void closed(Connection c) {
    }
}
