package com.xuqinmin.im.gateway;

import java.util.List;

/**
 * Where a user is connected: the answer of the server API's online status. The embedded mode has
 * one node and answers from its own {@link SessionRegistry} ({@link LocalPresence}); a cluster keeps
 * every node's sessions in Redis ({@link RedisPresence}). {@link Presences} picks one at start-up.
 */
public interface Presence {

    /** One connected STOMP session of a user. */
    record Session(String sessionId, String deviceId, long connectedAt, Platform platform) {
    }

    /** The user's connected sessions, oldest first; empty when the user is offline. */
    List<Session> sessionsOf(String appKey, String userId);

    /** A session of this node finished CONNECT. */
    default void connected(Connection c) {
    }

    /** A connected session of this node closed. */
    default void closed(Connection c) {
    }
}
