package com.xuqinmin.im.account;

/**
 * Whether a user may take part in chats right now, as the send rules ask it for every message;
 * {@link UserDirectory} answers it from a cache of {@code im_user}.
 */
public interface UserStates {

    /** What the send path needs to know about a user; a user with no row is not active. */
    record UserState(boolean active, Long mutedUntil) {
        public boolean mutedAt(long now) {
            return mutedUntil != null && mutedUntil > now;
        }
    }

    /** The user's state; an unknown user answers as inactive and not muted. */
    UserState state(String appKey, String userId);
}
