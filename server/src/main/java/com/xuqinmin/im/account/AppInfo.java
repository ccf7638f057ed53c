package com.xuqinmin.im.account;

import java.util.List;

/**
 * What the hot paths need to know about an app, with its secrets decrypted: the current one first,
 * then the previous one while its rotation grace period lasts.
 */
public record AppInfo(String appKey, boolean active, List<String> secrets, long revokeWindowSeconds,
        long maxUserSigLifetimeSeconds, boolean autoCreateUsers, Sso sso) {

    /** The corporate SSO an app's IM users may log in with, or none. */
    /** {@code audience}: the client id the tokens must name in {@code aud}, or null for no check. */
    public record Sso(String issuer, String jwksUrl, String userClaim, String audience) {
    }
}
