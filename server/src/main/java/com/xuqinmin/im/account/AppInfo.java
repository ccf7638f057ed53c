package com.xuqinmin.im.account;

import java.util.List;

/**
 * What the hot paths need to know about an app, with its secrets decrypted: the current one first,
 * then the previous one while its rotation grace period lasts; and its social policy.
 */
public record AppInfo(String appKey, boolean active, List<String> secrets, long revokeWindowSeconds,
        long maxUserSigLifetimeSeconds, boolean autoCreateUsers, Sso sso, AddFriend addFriend, Messaging messaging,
        long editWindowSeconds) {

    /** The edit window of an app that does not set one: 24 h. */
    public static final long DEFAULT_EDIT_WINDOW_SECONDS = 86_400;

    /** An app with the default social policy (APPROVAL, ANYONE) and the default edit window. */
    public AppInfo(String appKey, boolean active, List<String> secrets, long revokeWindowSeconds,
            long maxUserSigLifetimeSeconds, boolean autoCreateUsers, Sso sso) {
        this(appKey, active, secrets, revokeWindowSeconds, maxUserSigLifetimeSeconds, autoCreateUsers, sso,
                AddFriend.APPROVAL, Messaging.ANYONE, DEFAULT_EDIT_WINDOW_SECONDS);
    }

    /** The corporate SSO an app's IM users may log in with, or none. */
    /** {@code audience}: the client id the tokens must name in {@code aud}, or null for no check. */
    public record Sso(String issuer, String jwksUrl, String userClaim, String audience) {
    }

    /** Who may make a user a friend: anyone at once, anyone the user approves, or nobody (server API only). */
    public enum AddFriend { ANYONE, APPROVAL, NOBODY }

    /** Whom a user may send single-chat messages to: anyone, or its friends only. */
    public enum Messaging { ANYONE, FRIENDS_ONLY }
}
