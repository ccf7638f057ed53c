package com.xuqinmin.im.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The demo app's back-end in the tests: signs server API requests per API.md §3.3. The signing is
 * written here again from the spec (not taken from the server), so a drift between the two shows.
 */
public final class Admin {

    /** An HTTP answer with its envelope parsed. */
    public record Reply(int status, JsonObject body, String requestIdHeader) {
        public JsonObject data() {
            return body.getJsonObject("data");
        }
    }

    // HTTP/1.1: the JDK would otherwise try an h2c upgrade on every plain-http request
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(java.time.Duration.ofSeconds(10)).build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Admin() {
    }

    public static Reply post(String path, String json) {
        return send("POST", path, json, ItEnv.APP_KEY, ItEnv.secret(), System.currentTimeMillis(), nonce());
    }

    public static Reply get(String pathAndQuery) {
        return send("GET", pathAndQuery, null, ItEnv.APP_KEY, ItEnv.secret(), System.currentTimeMillis(), nonce());
    }

    public static Reply put(String path, String json) {
        return send("PUT", path, json, ItEnv.APP_KEY, ItEnv.secret(), System.currentTimeMillis(), nonce());
    }

    public static Reply delete(String path) {
        return send("DELETE", path, null, ItEnv.APP_KEY, ItEnv.secret(), System.currentTimeMillis(), nonce());
    }

    public static String nonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Sends a signed request with every part chosen by the caller (for the refusal tests). */
    public static Reply send(String method, String pathAndQuery, String json, String appKey, String secret,
            long timestamp, String nonce) {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        String signature = sign(secret, method, pathAndQuery, timestamp, nonce, body);
        return sendRaw(method, pathAndQuery, body, appKey, Long.toString(timestamp), nonce, signature);
    }

    public static Reply sendRaw(String method, String pathAndQuery, byte[] body, String appKey, String timestamp,
            String nonce, String signature) {
        return sendRaw(method, pathAndQuery, body, "application/json", appKey, timestamp, nonce, signature);
    }

    /** As {@link #sendRaw}, with the Content-Type chosen ({@code null}: none). */
    public static Reply sendRaw(String method, String pathAndQuery, byte[] body, String contentType, String appKey,
            String timestamp, String nonce, String signature) {
        HttpRequest.Builder b = HttpRequest.newBuilder(ItEnv.http(pathAndQuery)).timeout(java.time.Duration.ofSeconds(60))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (appKey != null) {
            b.header("X-App-Key", appKey);
        }
        if (timestamp != null) {
            b.header("X-Timestamp", timestamp);
        }
        if (nonce != null) {
            b.header("X-Nonce", nonce);
        }
        if (signature != null) {
            b.header("X-Signature", signature);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonObject parsed;
            try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
                parsed = reader.readObject();
            } catch (RuntimeException e) {
                throw new AssertionError("not a JSON envelope (HTTP " + r.statusCode() + "): " + r.body());
            }
            return new Reply(r.statusCode(), parsed, r.headers().firstValue("X-Request-Id").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** API.md §3.3, from the spec. */
    public static String sign(String secret, String method, String pathAndQuery, long timestamp, String nonce,
            byte[] body) {
        URI u = URI.create(pathAndQuery);
        String query = u.getRawQuery() == null ? "" : u.getRawQuery();
        String[] pairs = query.isEmpty() ? new String[0] : query.split("&");
        Arrays.sort(pairs, (a, b2) -> {
            String na = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            String nb = b2.contains("=") ? b2.substring(0, b2.indexOf('=')) : b2;
            int c = na.compareTo(nb);
            return c != 0 ? c : a.compareTo(b2);
        });
        String canonical = String.join("\n", List.of(method, u.getRawPath(), String.join("&", pairs),
                Long.toString(timestamp), nonce, hex(sha256(body))));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return hex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    // ---- shortcuts used by most tests

    public static void importUsers(String... userIds) {
        StringBuilder sb = new StringBuilder("{\"users\":[");
        for (int i = 0; i < userIds.length; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"userId\":\"").append(userIds[i]).append("\"}");
        }
        Reply r = post("/api/im/admin/users", sb.append("]}").toString());
        if (r.status() != 200) {
            throw new AssertionError("import failed: " + r.body());
        }
    }

    public static void addMembers(String groupId, String... userIds) {
        StringBuilder sb = new StringBuilder("{\"userIds\":[");
        for (int i = 0; i < userIds.length; i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(userIds[i]).append('"');
        }
        Reply r = post("/api/im/admin/groups/" + groupId + "/members", sb.append("]}").toString());
        if (r.status() != 200) {
            throw new AssertionError("adding members failed: " + r.body());
        }
    }

    public static void removeMember(String groupId, String userId) {
        Reply r = delete("/api/im/admin/groups/" + groupId + "/members/" + userId);
        if (r.status() != 200) {
            throw new AssertionError("removing a member failed: " + r.body());
        }
    }

    public static void createGroup(String groupId, String ownerId, String... members) {
        StringBuilder sb = new StringBuilder("{\"groupId\":\"" + groupId + "\",\"name\":\"Test group\",\"ownerId\":\""
                + ownerId + "\",\"memberIds\":[");
        for (int i = 0; i < members.length; i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(members[i]).append('"');
        }
        Reply r = post("/api/im/admin/groups", sb.append("]}").toString());
        if (r.status() != 200) {
            throw new AssertionError("group creation failed: " + r.body());
        }
    }
}
