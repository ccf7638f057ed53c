package com.xuqinmin.im.bench;

import com.xuqinmin.im.sdk.UserSig;

/**
 * Mints userSigs locally, as an app's back-end would: through the server SDK's {@link UserSig#mint},
 * so the load generator signs exactly what tenants' back-ends sign.
 */
final class UserSigs {

    private static final long TTL_SECONDS = 86_400;

    private final String appKey;
    private final String secret;

    UserSigs(String appKey, String secret) {
        this.appKey = appKey;
        this.secret = secret;
    }

    String appKey() {
        return appKey;
    }

    String mint(String userId) {
        return UserSig.mint(appKey, secret, userId, System.currentTimeMillis() / 1000, TTL_SECONDS);
    }
}
