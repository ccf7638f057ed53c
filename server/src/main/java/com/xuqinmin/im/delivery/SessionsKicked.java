package com.xuqinmin.im.delivery;

import java.util.List;

/**
 * Some sessions of a user close with {@code ERROR message:Kicked} and this reason: older sessions a
 * new one does not fit with under the app's device policy. The node that holds each one closes it.
 */
public record SessionsKicked(String appKey, String userId, List<String> sessionIds, String reason) implements ImEvent {

    public SessionsKicked {
        sessionIds = List.copyOf(sessionIds);
    }
}
