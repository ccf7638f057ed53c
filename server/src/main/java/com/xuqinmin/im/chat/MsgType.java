package com.xuqinmin.im.chat;

/**
 * The kinds of message content (PROTOCOL.md §4); non-text content is usually JSON text with a URL.
 * {@code ENCRYPTED}: ciphertext of an end-to-end encrypted
 * session (API.md, "End-to-end encryption keys"), opaque to the server: never given to the app's
 * moderation webhook, never shown in a push.
 */
public enum MsgType { TEXT, IMAGE, FILE, AUDIO, VIDEO, LOCATION, CUSTOM, ENCRYPTED }
