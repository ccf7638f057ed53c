package com.xuqinmin.im.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * An app calling the IM client HTTP API (API.md §4) as a logged-in user: it exchanges a userSig for
 * an im_jwt at {@code /api/im/auth/login} and sends {@code Authorization: Bearer {im_jwt}}. Every
 * answer must be a JSON envelope, failures included.
 */
public final class ImClient {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String authorization;

    private ImClient(String authorization) {
        this.authorization = authorization;
    }

    /** Logs a user of the demo app in with a fresh userSig. */
    public static ImClient login(String userId) {
        Admin.Reply r = call("POST", "/api/im/auth/login", "{\"appKey\":\"" + ItEnv.APP_KEY + "\",\"userId\":\""
                + userId + "\",\"userSig\":\"" + ItEnv.userSig(userId) + "\"}", null);
        if (r.status() != 200) {
            throw new AssertionError("login failed: " + r.body());
        }
        return withToken(r.data().getString("token"));
    }

    /** A client that sends this bearer token, whatever it is. */
    public static ImClient withToken(String token) {
        return new ImClient("Bearer " + token);
    }

    /** A client that sends this Authorization header as it is ({@code null}: none). */
    public static ImClient withAuthorization(String authorization) {
        return new ImClient(authorization);
    }

    public String token() {
        return authorization.substring("Bearer ".length());
    }

    public Admin.Reply get(String path) {
        return call("GET", path, null, authorization);
    }

    public Admin.Reply post(String path, String json) {
        return call("POST", path, json, authorization);
    }

    public Admin.Reply put(String path, String json) {
        return call("PUT", path, json, authorization);
    }

    public Admin.Reply delete(String path) {
        return call("DELETE", path, null, authorization);
    }

    /** Sends one request; the answer must be a JSON object (the envelope). */
    public static Admin.Reply call(String method, String path, String json, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(ItEnv.http(path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonObject parsed;
            try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
                parsed = reader.readObject();
            } catch (RuntimeException e) {
                throw new AssertionError("not a JSON envelope (HTTP " + r.statusCode() + "): '" + r.body() + "'");
            }
            return new Admin.Reply(r.statusCode(), parsed, r.headers().firstValue("X-Request-Id").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The JSON body of a single-chat TEXT message to {@code toId}. */
    public static String text(String toId, String content, String messageId) {
        return "{\"toId\":\"" + toId + "\",\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\",\"content\":\"" + content
                + "\",\"messageId\":\"" + messageId + "\"}";
    }

    /** The JSON body of a group TEXT message to {@code groupId}. */
    public static String groupText(String groupId, String content, String messageId) {
        return "{\"toId\":\"" + groupId + "\",\"chatType\":\"GROUP\",\"msgType\":\"TEXT\",\"content\":\"" + content
                + "\",\"messageId\":\"" + messageId + "\"}";
    }
}
