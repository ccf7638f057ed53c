package com.xuqinmin.im.sdk;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a webhook delivery comes from the IM server (docs/api.md, "Webhooks"): the
 * {@code X-IM-Signature} header is the hex HMAC-SHA256, keyed with the UTF-8 bytes of the app's
 * AppSecret, over {@code X-IM-Timestamp + "\n" + body}, where body is the request's bytes exactly as
 * received. A delivery whose timestamp (Unix milliseconds) is further than the window from now is
 * refused too, so a recorded delivery cannot be replayed later; deduplicate within the window by
 * {@code X-IM-Event-Id}.
 *
 * <pre>{@code
 * if (!Webhooks.verify(appSecret, req.header("X-IM-Timestamp"), bodyBytes, req.header("X-IM-Signature"))) {
 *     return 401;
 * }
 * }</pre>
 */
public final class Webhooks {

    /** The window the default {@link #verify(String, String, byte[], String)} allows: 5 minutes either way. */
    public static final long DEFAULT_WINDOW_SECONDS = 300;

    private Webhooks() {
    }

    /** Whether the delivery is signed with {@code appSecret} and its timestamp is within 5 minutes of now. */
    public static boolean verify(String appSecret, String timestamp, byte[] body, String signature) {
        return verify(appSecret, timestamp, body, signature, DEFAULT_WINDOW_SECONDS, System.currentTimeMillis());
    }

    /**
     * Whether the delivery is signed with {@code appSecret} and its timestamp is within
     * {@code windowSeconds} of {@code nowMillis}. The signatures are compared in constant time; a
     * missing or malformed header is simply false.
     */
    public static boolean verify(String appSecret, String timestamp, byte[] body, String signature,
            long windowSeconds, long nowMillis) {
        Objects.requireNonNull(appSecret, "appSecret");
        if (timestamp == null || signature == null || body == null || signature.length() != 64) {
            return false;
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(nowMillis - ts) > windowSeconds * 1000) {
            return false;
        }
        byte[] given = unhex(signature);
        if (given == null) {
            return false;
        }
        return MessageDigest.isEqual(mac(appSecret, timestamp, body), given);
    }

    /** The signature the server puts in {@code X-IM-Signature} (for tests of a receiver). */
    public static String sign(String appSecret, String timestamp, byte[] body) {
        byte[] m = mac(appSecret, timestamp, body);
        StringBuilder sb = new StringBuilder(64);
        for (byte b : m) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    private static byte[] mac(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '\n');
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unhex(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(hex.charAt(2 * i), 16);
            int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }
}
