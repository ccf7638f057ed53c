package com.xuqinmin.im.sdk;

/** Whom a user may send single-chat messages to: anyone (the default), or its friends only. */
public enum MessagingPolicy { ANYONE, FRIENDS_ONLY }
