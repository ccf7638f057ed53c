package com.xuqinmin.im.delivery;

/**
 * An app's settings, secrets or status changed: every node forgets what it cached about it; when
 * the app (or its tenant) was disabled, every session of the app is closed with Kicked.
 */
public record AppChanged(String appKey, boolean disabled) implements ImEvent {
}
