package com.xuqinmin.im.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The app back-end's side of the signed server API (API.md §3.3), and the tenant console for a new app. */
final class ServerApi {

    /** An app to load: its key and AppSecret. */
    record App(String appKey, String secret) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    ServerApi(String base) {
        this.base = base;
    }

    /** Imports users, 500 per request (the API's limit). */
    void importUsers(App app, List<String> userIds) {
        for (int i = 0; i < userIds.size(); i += 500) {
            List<String> part = userIds.subList(i, Math.min(userIds.size(), i + 500));
            StringBuilder sb = new StringBuilder("{\"users\":[");
            for (int j = 0; j < part.size(); j++) {
                sb.append(j == 0 ? "" : ",").append("{\"userId\":\"").append(part.get(j)).append("\"}");
            }
            signed(app, "POST", "/api/im/admin/users", sb.append("]}").toString());
        }
    }

    /** Creates a group owned by the first member, then adds the others 500 at a time. */
    void createGroup(App app, String groupId, List<String> members) {
        signed(app, "POST", "/api/im/admin/groups", "{\"groupId\":\"" + groupId + "\",\"name\":\"bench\",\"ownerId\":\""
                + members.get(0) + "\"}");
        for (int i = 1; i < members.size(); i += 500) {
            List<String> part = members.subList(i, Math.min(members.size(), i + 500));
            signed(app, "POST", "/api/im/admin/groups/" + groupId + "/members",
                    "{\"userIds\":[\"" + String.join("\",\"", part) + "\"]}");
        }
    }

    /** Registers a tenant with a random e-mail and password, and creates an app (production mode has no demo app). */
    App newTenantApp() {
        String email = "bench-" + HexFormat.of().formatHex(bytes(6)) + "@bench.example";
        String password = "Corr3ct-Horse-" + HexFormat.of().formatHex(bytes(12));
        post("/api/auth/register", "{\"name\":\"Load generator\",\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
                null);
        String token = post("/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", null)
                .getJsonObject("data").getString("token");
        JsonObject app = post("/api/apps", "{\"name\":\"bench\"}", token).getJsonObject("data");
        return new App(app.getString("appKey"), app.getString("appSecret"));
    }

    private JsonObject post(String path, String json, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return exchange(b.build());
    }

    private JsonObject signed(App app, String method, String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        long ts = System.currentTimeMillis();
        String nonce = HexFormat.of().formatHex(bytes(16));
        String canonical = String.join("\n", method, path, "", Long.toString(ts), nonce, hex(sha256(body)));
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").header("X-App-Key", app.appKey())
                .header("X-Timestamp", Long.toString(ts)).header("X-Nonce", nonce)
                .header("X-Signature", hmac(app.secret(), canonical))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return exchange(r);
    }

    private JsonObject exchange(HttpRequest r) {
        try {
            HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) {
                throw new IllegalStateException(r.method() + " " + r.uri().getPath() + ": HTTP " + resp.statusCode()
                        + " " + resp.body());
            }
            try (JsonReader reader = Json.createReader(new StringReader(resp.body()))) {
                return reader.readObject();
            }
        } catch (IOException e) {
            throw new IllegalStateException(r.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String hmac(String secret, String s) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return hex(mac.doFinal(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
