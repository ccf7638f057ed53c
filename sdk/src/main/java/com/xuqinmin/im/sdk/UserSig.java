package com.xuqinmin.im.sdk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;

/**
 * The userSig (API.md §3.1), made and checked locally: an HS256 JWT keyed with the UTF-8 bytes of the
 * AppSecret, with claims {@code sub} (the userId), {@code appKey}, {@code exp} and {@code iat} in
 * seconds. {@link #mint} writes exactly the bytes the server's own minting writes (header
 * {@code {"typ":"JWT","alg":"HS256"}}, claims in that order), and {@link #verify} applies the server's
 * rules; the shared test vectors hold both to that.
 */
public final class UserSig {

    /** The clock skew the server allows, in seconds. */
    public static final long DEFAULT_SKEW_SECONDS = 60;
    /** The server's default maximum lifetime of a userSig: 180 days, in seconds. */
    public static final long DEFAULT_MAX_LIFETIME_SECONDS = 180L * 24 * 3600;

    private static final String HEADER = b64("{\"typ\":\"JWT\",\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));

    /** What a verified userSig says. */
    public static final class Claims {
        private final String appKey;
        private final String userId;
        private final long issuedAt;
        private final long expiresAt;

        Claims(String appKey, String userId, long issuedAt, long expiresAt) {
            this.appKey = appKey;
            this.userId = userId;
            this.issuedAt = issuedAt;
            this.expiresAt = expiresAt;
        }

        public String appKey() {
            return appKey;
        }

        public String userId() {
            return userId;
        }

        /** {@code iat}, Unix seconds. */
        public long issuedAt() {
            return issuedAt;
        }

        /** {@code exp}, Unix seconds. */
        public long expiresAt() {
            return expiresAt;
        }

        @Override
        public String toString() {
            return "UserSig.Claims[appKey=" + appKey + ", userId=" + userId + ", iat=" + issuedAt + ", exp="
                    + expiresAt + "]";
        }
    }

    private UserSig() {
    }

    /**
     * A userSig for {@code userId}, issued at {@code issuedAtSeconds} (Unix seconds) and valid for
     * {@code ttlSeconds}.
     *
     * @throws IllegalArgumentException when the secret is shorter than the 32 bytes HS256 needs, or the
     *         lifetime is not positive
     */
    public static String mint(String appKey, String appSecret, String userId, long issuedAtSeconds, long ttlSeconds) {
        Objects.requireNonNull(appKey, "appKey");
        Objects.requireNonNull(userId, "userId");
        byte[] key = key(appSecret);
        if (ttlSeconds < 1) {
            throw new IllegalArgumentException("a userSig must live at least one second");
        }
        StringBuilder claims = new StringBuilder(96).append("{\"sub\":");
        Json.quote(claims, userId);
        claims.append(",\"appKey\":");
        Json.quote(claims, appKey);
        claims.append(",\"exp\":").append(issuedAtSeconds + ttlSeconds).append(",\"iat\":").append(issuedAtSeconds)
                .append('}');
        String signingInput = HEADER + "." + b64(claims.toString().getBytes(StandardCharsets.UTF_8));
        return signingInput + "." + b64(RequestSigner.hmacSha256(key, signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    /** As {@link #verify(String, String, String, long, long, long)} with the server's default skew and maximum lifetime. */
    public static Claims verify(String userSig, String appKey, String appSecret, long nowSeconds) {
        return verify(userSig, appKey, appSecret, nowSeconds, DEFAULT_SKEW_SECONDS, DEFAULT_MAX_LIFETIME_SECONDS);
    }

    /**
     * Checks a userSig as the server does: HS256 only, no {@code crit} header, the signature, the
     * {@code appKey} claim, a {@code sub}, {@code iat} not in the future, a lifetime within the maximum,
     * and {@code exp} not past (each with {@code skewSeconds} of tolerance).
     *
     * @throws ImException {@code TOKEN_INVALID} (401) for anything wrong, {@code TOKEN_EXPIRED} (401)
     *         when only the time is
     */
    public static Claims verify(String userSig, String appKey, String appSecret, long nowSeconds, long skewSeconds,
            long maxLifetimeSeconds) {
        byte[] key = key(appSecret);
        if (userSig == null) {
            throw invalid("not a JWT");
        }
        String[] parts = userSig.split("\\.", -1);
        if (parts.length != 3) {
            throw invalid("not a JWT");
        }
        Json.Obj header;
        Json.Obj claims;
        byte[] signature;
        try {
            header = Json.Obj.of(Json.parse(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)));
            claims = Json.Obj.of(Json.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)));
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw invalid("not a JWT");
        }
        if (!"HS256".equals(header.str("alg"))) {
            throw invalid("alg must be HS256");
        }
        if (header.has("crit")) {
            throw invalid("crit header not supported");
        }
        byte[] expected = RequestSigner.hmacSha256(key,
                (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (!MessageDigest.isEqual(expected, signature)) {
            throw invalid("bad signature");
        }
        String claimedApp = claims.str("appKey");
        if (claimedApp == null || !claimedApp.equals(appKey)) {
            throw invalid("appKey claim does not match");
        }
        String sub = claims.str("sub");
        if (sub == null || sub.isEmpty()) {
            throw invalid("sub missing");
        }
        Long iat = claims.lng("iat");
        Long exp = claims.lng("exp");
        if (iat == null || exp == null) {
            throw invalid("iat and exp are required");
        }
        if (iat > nowSeconds + skewSeconds) {
            throw invalid("issued in the future");
        }
        if (exp - iat > maxLifetimeSeconds) {
            throw invalid("lifetime above the app's maximum");
        }
        if (exp <= iat) {
            throw invalid("exp before iat");
        }
        if (exp + skewSeconds < nowSeconds) {
            throw ImException.refusal(401, "TOKEN_EXPIRED", "token expired", null);
        }
        return new Claims(claimedApp, sub, iat, exp);
    }

    private static byte[] key(String appSecret) {
        Objects.requireNonNull(appSecret, "appSecret");
        byte[] key = appSecret.getBytes(StandardCharsets.UTF_8);
        if (key.length < 32) {
            throw new IllegalArgumentException("an AppSecret has at least 32 bytes; HS256 needs them");
        }
        return key;
    }

    private static ImException invalid(String why) {
        return ImException.refusal(401, "TOKEN_INVALID", "invalid token: " + why, null);
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
