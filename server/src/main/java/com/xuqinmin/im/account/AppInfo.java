package com.xuqinmin.im.account;

import java.util.List;

/**
 * What the hot paths need to know about an app, with its secrets decrypted: the current one first,
 * then the previous one while its rotation grace period lasts; and its social policy.
 */
public record AppInfo(String appKey, boolean active, List<String> secrets, long revokeWindowSeconds,
        long maxUserSigLifetimeSeconds, boolean autoCreateUsers, Sso sso, AddFriend addFriend, Messaging messaging,
        DevicePolicy devicePolicy, long editWindowSeconds) {

    /** The edit window of an app that does not set one: 24 h. */
    public static final long DEFAULT_EDIT_WINDOW_SECONDS = 86_400;

    /** An app with the default social policy (APPROVAL, ANYONE), device policy (MULTI) and edit window. */
    public AppInfo(String appKey, boolean active, List<String> secrets, long revokeWindowSeconds,
            long maxUserSigLifetimeSeconds, boolean autoCreateUsers, Sso sso) {
        this(appKey, active, secrets, revokeWindowSeconds, maxUserSigLifetimeSeconds, autoCreateUsers, sso,
                AddFriend.APPROVAL, Messaging.ANYONE, DevicePolicy.MULTI, DEFAULT_EDIT_WINDOW_SECONDS);
    }

    /** The corporate SSO an app's IM users may log in with, or none. */
    /** {@code audience}: the client id the tokens must name in {@code aud}, or null for no check. */
    public record Sso(String issuer, String jwksUrl, String userClaim, String audience) {
    }

    /** Who may make a user a friend: anyone at once, anyone the user approves, or nobody (server API only). */
    public enum AddFriend { ANYONE, APPROVAL, NOBODY }

    /** Whom a user may send single-chat messages to: anyone, or its friends only. */
    public enum Messaging { ANYONE, FRIENDS_ONLY }

    /**
     * How many sessions a user may have at once, by platform (PROTOCOL.md §2, "Sessions per user"):
     * as many as the server allows ({@code MULTI}), one per platform, one mobile plus one desktop,
     * or one in all. A new session closes the older ones it does not fit with.
     */
    public enum DevicePolicy { MULTI, ONE_PER_PLATFORM, MOBILE_OR_DESKTOP_ONE, SINGLE }
}
