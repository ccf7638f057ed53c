package com.xuqinmin.im.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server-to-server request signature of API.md §3.3: {@code X-Signature} is the lowercase hex
 * HMAC-SHA256, keyed with the AppSecret, of the canonical request: method, raw path, query
 * parameters sorted by name, timestamp, nonce and the hex SHA-256 of the raw body, joined by LF.
 * Pure functions, shared by the server and the tests (and mirrored by the SDK).
 */
public final class RequestSignature {

    public static final String APP_KEY = "X-App-Key";
    public static final String TIMESTAMP = "X-Timestamp";
    public static final String NONCE = "X-Nonce";
    public static final String SIGNATURE = "X-Signature";

    private static final Pattern NONCE_SHAPE = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final HexFormat HEX = HexFormat.of();

    private RequestSignature() {
    }

    public static boolean validNonce(String nonce) {
        return nonce != null && NONCE_SHAPE.matcher(nonce).matches();
    }

    /**
     * The canonical form. The query is taken raw (still percent-encoded, as sent); its
     * {@code name=value} pairs are sorted by name, then by value, and joined with {@code &}.
     */
    public static String canonical(String method, String rawPath, String rawQuery, String timestamp, String nonce,
            byte[] body) {
        return method.toUpperCase(Locale.ROOT) + '\n' + rawPath + '\n' + sortedQuery(rawQuery) + '\n' + timestamp
                + '\n' + nonce + '\n' + sha256Hex(body == null ? new byte[0] : body);
    }

    public static String sortedQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>(List.of(rawQuery.split("&")));
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

    public static String sign(String secret, String canonical) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HEX.formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Compares a presented signature with the expected one in constant time. */
    public static boolean matches(String expectedHex, String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expectedHex.getBytes(StandardCharsets.US_ASCII),
                presented.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
