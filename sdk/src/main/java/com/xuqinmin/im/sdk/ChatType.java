package com.xuqinmin.im.sdk;

/** One-to-one or group chat. */
public enum ChatType { SINGLE, GROUP }
