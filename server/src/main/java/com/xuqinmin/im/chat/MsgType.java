package com.xuqinmin.im.chat;

/** The kinds of message content (PROTOCOL.md §4); non-text content is usually JSON text with a URL. */
public enum MsgType { TEXT, IMAGE, FILE, AUDIO, VIDEO, LOCATION, CUSTOM }
