package com.xuqinmin.im.chat;

/** One-to-one or group chat (PROTOCOL.md §4). */
public enum ChatType { SINGLE, GROUP }
