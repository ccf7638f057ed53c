package com.xuqinmin.im.sdk;

/**
 * A stored message is sent, revoked, or deleted: its content erased by a data deletion (its sender
 * was deleted with {@code purge}, or the app's retention passed). Revoked and deleted messages keep
 * their place (id, seq) and read as empty.
 */
public enum MessageStatus { SENT, REVOKED, DELETED }
