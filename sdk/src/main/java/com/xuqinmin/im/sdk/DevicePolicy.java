package com.xuqinmin.im.sdk;

/**
 * How many sessions a user may have at once, by the platform its CONNECT names: as many as the
 * server allows ({@code MULTI}, the default), one per platform, one mobile (ios, android, pad) plus
 * one desktop (desktop, web), or one in all. A new session closes the older ones it does not fit with
 * (they get {@code ERROR message:Kicked} naming the reason).
 */
public enum DevicePolicy { MULTI, ONE_PER_PLATFORM, MOBILE_OR_DESKTOP_ONE, SINGLE }
