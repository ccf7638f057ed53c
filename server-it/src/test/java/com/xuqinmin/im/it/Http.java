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

/** Plain JSON calls to the HTTP API with an optional bearer token (consoles, IM client API). */
public final class Http {

    // HTTP/1.1: the JDK would otherwise try an h2c upgrade on every plain-http request
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(java.time.Duration.ofSeconds(10)).build();

    private Http() {
    }

    public static Admin.Reply get(String path, String bearer) {
        return send("GET", path, null, bearer);
    }

    public static Admin.Reply post(String path, String json, String bearer) {
        return send("POST", path, json, bearer);
    }

    public static Admin.Reply put(String path, String json, String bearer) {
        return send("PUT", path, json, bearer);
    }

    public static Admin.Reply delete(String path, String bearer) {
        return send("DELETE", path, null, bearer);
    }

    /** The raw answer, for bodies that are not an envelope (JWKS) or checks of the exact bytes. */
    public static HttpResponse<String> raw(String method, String path, String json, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(ItEnv.http(path)).timeout(java.time.Duration.ofSeconds(60))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Admin.Reply send(String method, String path, String json, String bearer) {
        HttpResponse<String> r = raw(method, path, json, bearer);
        JsonObject parsed;
        try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
            parsed = reader.readObject();
        } catch (RuntimeException e) {
            throw new AssertionError("not a JSON envelope (HTTP " + r.statusCode() + "): " + r.body());
        }
        return new Admin.Reply(r.statusCode(), parsed, r.headers().firstValue("X-Request-Id").orElse(null));
    }

    public static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
