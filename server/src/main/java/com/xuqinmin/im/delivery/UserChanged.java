package com.xuqinmin.im.delivery;

/** A user's profile, status or mute changed: every node forgets what it cached about the user. */
public record UserChanged(String appKey, String userId) implements ImEvent {
}
