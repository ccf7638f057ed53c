package com.xuqinmin.im.it;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * FCM HTTP v1 for the push tests, on the JDK's HTTP server at 127.0.0.1, checking requests as Google
 * does: the OAuth2 token endpoint takes only a JWT bearer assertion signed (RS256) by the service
 * account's key, for its e-mail, this endpoint as audience and the firebase.messaging scope, and
 * issues an access token; {@code /v1/projects/{project}/messages:send} takes only that access token
 * and the project's id, and answers 404 UNREGISTERED for a token whose app was removed and 400
 * INVALID_ARGUMENT for one that was never an FCM token.
 */
public final class TestFcm implements AutoCloseable {

    public static final String PROJECT = "im-push-test";
    public static final String CLIENT_EMAIL = "push@im-push-test.iam.gserviceaccount.com";

    /** A message FCM accepted: its JSON as sent. */
    public record Sent(String token, JsonObject message) {
    }

    private final HttpServer server;
    private final KeyPair key;
    private final Set<String> tokens;
    private final Set<String> unregistered;
    private final Map<String, Boolean> accessTokens = new ConcurrentHashMap<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private volatile int tokenCalls;

    public TestFcm(Set<String> tokens, Set<String> unregistered) {
        this.tokens = tokens;
        this.unregistered = unregistered;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            key = g.generateKeyPair();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/token", this::token);
        server.createContext("/v1/", this::send);
        server.start();
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The service account's JSON key, as the Firebase console hands it out, with its token URI here. */
    public String serviceAccount() {
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        return Json.createObjectBuilder().add("type", "service_account").add("project_id", PROJECT)
                .add("private_key_id", "k1").add("private_key", pem).add("client_email", CLIENT_EMAIL)
                .add("token_uri", base() + "/token").build().toString();
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** What was refused and why (the tests assert on nothing being refused for a wrong reason). */
    public List<String> refused() {
        return List.copyOf(refused);
    }

    public int tokenCalls() {
        return tokenCalls;
    }

    public Sent await(Predicate<Sent> p, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            for (Sent s : sent) {
                if (p.test(s)) {
                    return s;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no such message within " + wait + "; sent: " + sent + "; refused: " + refused);
    }

    public static String token() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return "fcm-" + HexFormat.of().formatHex(b);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void token(HttpExchange x) throws IOException {
        tokenCalls++;
        String form = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> f = new HashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                f.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String why = null;
        if (!"POST".equals(x.getRequestMethod())
                || !x.getRequestHeaders().getFirst("Content-Type").startsWith("application/x-www-form-urlencoded")) {
            why = "not a form POST";
        } else if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(f.get("grant_type"))) {
            why = "grant_type " + f.get("grant_type");
        } else {
            try {
                SignedJWT jwt = SignedJWT.parse(f.get("assertion"));
                JWTClaimsSet c = jwt.getJWTClaimsSet();
                long now = System.currentTimeMillis();
                if (!jwt.getHeader().getAlgorithm().equals(JWSAlgorithm.RS256)
                        || !jwt.verify(new RSASSAVerifier((RSAPublicKey) key.getPublic()))) {
                    why = "assertion not signed by the service account's key";
                } else if (!CLIENT_EMAIL.equals(c.getIssuer()) || !c.getAudience().contains(base() + "/token")
                        || !"https://www.googleapis.com/auth/firebase.messaging".equals(c.getStringClaim("scope"))
                        || c.getExpirationTime() == null || c.getExpirationTime().getTime() < now
                        || c.getIssueTime() == null || c.getIssueTime().getTime() > now + 60_000
                        || c.getExpirationTime().getTime() - c.getIssueTime().getTime() > 3_600_000) {
                    why = "assertion claims " + c;
                }
            } catch (Exception e) {
                why = "assertion unreadable: " + e;
            }
        }
        if (why != null) {
            refused.add("token: " + why);
            answer(x, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"" + why.replace('"', '\'') + "\"}");
            return;
        }
        String access = "ya29." + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        accessTokens.put(access, true);
        answer(x, 200, "{\"access_token\":\"" + access + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
    }

    private void send(HttpExchange x) throws IOException {
        byte[] body = x.getRequestBody().readAllBytes();
        String auth = x.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !accessTokens.containsKey(auth.substring(7))) {
            refused.add("send: no valid access token");
            answer(x, 401, error(401, "UNAUTHENTICATED", null, "Request had invalid authentication credentials."));
            return;
        }
        if (!x.getRequestURI().getPath().equals("/v1/projects/" + PROJECT + "/messages:send")) {
            refused.add("send: path " + x.getRequestURI());
            answer(x, 404, error(404, "NOT_FOUND", null, "Requested entity was not found."));
            return;
        }
        JsonObject message;
        try {
            message = Http.json(new String(body, StandardCharsets.UTF_8)).getJsonObject("message");
        } catch (RuntimeException e) {
            message = null;
        }
        String token = message == null || !message.containsKey("token") ? null : message.getString("token");
        if (token == null) {
            refused.add("send: no message.token");
            answer(x, 400, error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "Invalid JSON payload received."));
        } else if (unregistered.contains(token)) {
            answer(x, 404, error(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found."));
        } else if (!tokens.contains(token)) {
            answer(x, 400, error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT",
                    "The registration token is not a valid FCM registration token"));
        } else {
            sent.add(new Sent(token, message));
            answer(x, 200, "{\"name\":\"projects/" + PROJECT + "/messages/0:" + System.nanoTime() + "\"}");
        }
    }

    private static String error(int code, String status, String errorCode, String message) {
        return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status + "\""
                + (errorCode == null ? "" : ",\"details\":[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1"
                        + ".FcmError\",\"errorCode\":\"" + errorCode + "\"}]") + "}}";
    }

    private static void answer(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }
}
