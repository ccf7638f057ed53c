package com.xuqinmin.im.sdk;

/** The kinds of message content; non-text content is usually JSON text with a URL, which the server does not read. */
public enum MsgType { TEXT, IMAGE, FILE, AUDIO, VIDEO, LOCATION, CUSTOM, ENCRYPTED }
