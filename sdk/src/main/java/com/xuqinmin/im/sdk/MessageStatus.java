package com.xuqinmin.im.sdk;

/** A stored message is sent, or revoked (its content then reads as empty). */
public enum MessageStatus { SENT, REVOKED }
