package com.xuqinmin.im.sdk;

/** A member's role in a group; the owner changes only by transfer. */
public enum GroupRole { OWNER, ADMIN, MEMBER }
