package com.xuqinmin.im.sdk;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The request signature of the server API (API.md §3.3), for callers that sign requests of their own.
 * {@code X-Signature} is the lower-case hex HMAC-SHA256, keyed with the UTF-8 bytes of the AppSecret,
 * of the canonical string: method, raw path, raw query with its pairs sorted by name then value,
 * timestamp, nonce and the hex SHA-256 of the body bytes, joined by LF. The client signs every call
 * with it; the shared test vectors keep it and the server's implementation identical.
 */
public final class RequestSigner {

    /** The headers of a signed request. */
    public static final String APP_KEY = "X-App-Key";
    public static final String TIMESTAMP = "X-Timestamp";
    public static final String NONCE = "X-Nonce";
    public static final String SIGNATURE = "X-Signature";

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] NONCE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestSigner() {
    }

    /** The canonical string; {@code rawQuery} without {@code ?}, still percent-encoded, or null. */
    public static String canonical(String method, String rawPath, String rawQuery, String timestamp, String nonce,
            byte[] body) {
        return method.toUpperCase(java.util.Locale.ROOT) + '\n' + rawPath + '\n' + sortedQuery(rawQuery) + '\n'
                + timestamp + '\n' + nonce + '\n' + sha256Hex(body == null ? new byte[0] : body);
    }

    /** The query's {@code name=value} pairs sorted by name, then by the whole pair; empty pairs dropped. */
    public static String sortedQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>(Arrays.asList(rawQuery.split("&")));
        pairs.removeIf(String::isEmpty);
        pairs.sort((a, b) -> {
            int c = name(a).compareTo(name(b));
            return c != 0 ? c : a.compareTo(b);
        });
        return String.join("&", pairs);
    }

    private static String name(String pair) {
        int eq = pair.indexOf('=');
        return eq < 0 ? pair : pair.substring(0, eq);
    }

    /** The lower-case hex HMAC-SHA256 of {@code canonical} keyed with the UTF-8 bytes of {@code secret}. */
    public static String sign(String secret, String canonical) {
        return hex(hmacSha256(secret.getBytes(StandardCharsets.UTF_8), canonical.getBytes(StandardCharsets.UTF_8)));
    }

    /** A fresh nonce: 32 random characters of {@code A-Z a-z 0-9 _ -}. */
    public static String newNonce() {
        char[] c = new char[32];
        for (int i = 0; i < c.length; i++) {
            c[i] = NONCE_CHARS[RANDOM.nextInt(NONCE_CHARS.length)];
        }
        return new String(c);
    }

    public static String sha256Hex(byte[] data) {
        try {
            return hex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    static byte[] hmacSha256(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static String hex(byte[] b) {
        char[] out = new char[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            out[2 * i] = HEX[(b[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[b[i] & 0xf];
        }
        return new String(out);
    }
}
