package com.xuqinmin.im.gateway;

import java.util.List;

/**
 * Where a user is connected: the answer of the server API's online status. The embedded mode has
 * one node and answers from its own {@link SessionRegistry} ({@link LocalPresence}); a cluster puts
 * an implementation here that asks every node (or a shared presence store), and the API stays as it is.
 */
public interface Presence {

    /** One connected STOMP session of a user. */
    record Session(String sessionId, String deviceId, long connectedAt) {
    }

    /** The user's connected sessions, oldest first; empty when the user is offline. */
    List<Session> sessionsOf(String appKey, String userId);
}
