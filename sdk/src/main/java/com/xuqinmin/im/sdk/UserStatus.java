package com.xuqinmin.im.sdk;

/** An IM user is active, or banned (its sockets closed, its tokens and userSigs refused until active again). */
public enum UserStatus { ACTIVE, BANNED }
