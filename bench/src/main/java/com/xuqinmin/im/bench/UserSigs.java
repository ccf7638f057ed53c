package com.xuqinmin.im.bench;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Mints userSigs (HS256 JWTs keyed with the AppSecret) locally, as an app's back-end would. */
final class UserSigs {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"
            .getBytes(StandardCharsets.UTF_8));

    private final String appKey;
    private final SecretKeySpec key;

    UserSigs(String appKey, String secret) {
        this.appKey = appKey;
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    String appKey() {
        return appKey;
    }

    String mint(String userId) {
        long now = System.currentTimeMillis() / 1000;
        String claims = "{\"appKey\":\"" + appKey + "\",\"sub\":\"" + userId + "\",\"iat\":" + now + ",\"exp\":"
                + (now + 86_400) + "}";
        String signingInput = HEADER + "." + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
