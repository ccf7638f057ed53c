package com.xuqinmin.im.it;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * A corporate identity provider for the tests: a small HTTP server that publishes a JWKS of a key
 * generated here, and mints RS256 tokens with it. The IT server is configured to trust it as the
 * consoles' SSO issuer at {@code http://127.0.0.1:${it.idp.port}/jwks.json}: the build reserves that port
 * (build-helper's reserve-network-port: a port the system handed out for port 0) and passes it to the
 * server's environment and to the tests as {@code it.idp.port}, so runs in parallel do not collide.
 */
public final class TestIdp implements AutoCloseable {

    public static final String ISSUER = "https://idp.it.example";
    /** The client id the provider issues the consoles' tokens for (IM_SSO_AUDIENCE of the test server). */
    public static final String AUDIENCE = "xuqm-im-console";

    private final HttpServer server;
    private final RSAKey key;
    /** The claims of whoever "logs in" at the authorization endpoint next (the login page of a real provider). */
    private volatile Map<String, Object> person = Map.of();
    private final java.util.concurrent.ConcurrentHashMap<String, Grant> grants = new java.util.concurrent.ConcurrentHashMap<>();

    private record Grant(String clientId, String redirectUri, String challenge, Map<String, Object> claims) {
    }

    private TestIdp(HttpServer server, RSAKey key) {
        this.server = server;
        this.key = key;
    }

    /** The port of this run ({@code it.idp.port}, set by the build); without it the tests cannot know it. */
    public static int port() {
        Integer port = Integer.getInteger("it.idp.port");
        if (port == null) {
            throw new IllegalStateException("it.idp.port is not set: run the tests through server-it's build,"
                    + " which reserves the port and tells the server");
        }
        return port;
    }

    private static RSAKey signingKey;

    /**
     * One key for every start of the provider in this test run, as a real provider keeps its key: the
     * server caches the provider's key set and refetches it at most every so often, so a new key per
     * test could meet a server that will not look again yet.
     */
    private static synchronized RSAKey key() throws com.nimbusds.jose.JOSEException {
        if (signingKey == null) {
            signingKey = new RSAKeyGenerator(2048).keyID("idp-" + System.nanoTime()).generate();
        }
        return signingKey;
    }

    /** Starts the provider on this run's port (the server was told about it at start-up). */
    public static TestIdp start() {
        try {
            RSAKey key = key();
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port()), 0);
            byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            s.createContext("/jwks.json", ex -> {
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, jwks.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(jwks);
                }
            });
            TestIdp idp = new TestIdp(s, key);
            idp.serveOidc();
            s.start();
            return idp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String jwksUrl() {
        return "http://127.0.0.1:" + port() + "/jwks.json";
    }

    /** A token of this provider, valid for ten minutes, with the given claims. */
    public String token(Map<String, Object> claims) {
        return token(claims, 600);
    }

    public String token(Map<String, Object> claims, long ttlSeconds) {
        return token(claims, ttlSeconds, true);
    }

    /** A token with no {@code aud} claim (the consoles refuse it). */
    public String tokenWithoutAudience(Map<String, Object> claims) {
        return token(claims, 600, false);
    }

    private String token(Map<String, Object> claims, long ttlSeconds, boolean audience) {
        long now = System.currentTimeMillis();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer(ISSUER).issueTime(new Date(now))
                .expirationTime(new Date(now + ttlSeconds * 1000));
        if (audience) {
            // the consoles' client id, as the test server's IM_SSO_AUDIENCE says; claims may name another
            b.audience(AUDIENCE);
        }
        claims.forEach(b::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), b.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** The person who logs in at the authorization endpoint from now on: the claims of its ID token. */
    public void signsIn(Map<String, Object> claims) {
        person = Map.copyOf(claims);
    }

    /**
     * OpenID Connect as a public client meets it: discovery, an authorization endpoint that logs
     * {@link #signsIn the person} in at once and sends the browser back with a code (in the fragment
     * when asked), and a token endpoint that gives the ID token only for the PKCE verifier of that code
     * (S256), the same client and redirect URI, once.
     */
    private void serveOidc() {
        String base = "http://127.0.0.1:" + port();
        byte[] discovery = ("{\"issuer\":\"" + ISSUER + "\",\"authorization_endpoint\":\"" + base + "/authorize\","
                + "\"token_endpoint\":\"" + base + "/token\",\"jwks_uri\":\"" + base + "/jwks.json\","
                + "\"response_types_supported\":[\"code\"],\"response_modes_supported\":[\"query\",\"fragment\"],"
                + "\"code_challenge_methods_supported\":[\"S256\"]}").getBytes(StandardCharsets.UTF_8);
        server.createContext("/.well-known/openid-configuration", ex -> reply(ex, 200, discovery));
        server.createContext("/authorize", ex -> {
            Map<String, String> q = params(ex.getRequestURI().getRawQuery());
            if (!"code".equals(q.get("response_type")) || !"S256".equals(q.get("code_challenge_method"))
                    || q.get("code_challenge") == null || q.get("redirect_uri") == null || !AUDIENCE.equals(q.get("client_id"))) {
                reply(ex, 400, "{\"error\":\"invalid_request\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String code = java.util.UUID.randomUUID().toString();
            grants.put(code, new Grant(q.get("client_id"), q.get("redirect_uri"), q.get("code_challenge"), person));
            String sep = "fragment".equals(q.get("response_mode")) ? "#" : "?";
            ex.getResponseHeaders().add("Location", q.get("redirect_uri") + sep + "code=" + code + "&state="
                    + java.net.URLEncoder.encode(q.getOrDefault("state", ""), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/token", ex -> {
            Map<String, String> f = params(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Grant g = f.get("code") == null ? null : grants.remove(f.get("code"));
            if (g == null || !"authorization_code".equals(f.get("grant_type")) || !g.clientId().equals(f.get("client_id"))
                    || !g.redirectUri().equals(f.get("redirect_uri")) || f.get("code_verifier") == null
                    || !g.challenge().equals(s256(f.get("code_verifier")))) {
                reply(ex, 400, "{\"error\":\"invalid_grant\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String idToken = token(g.claims());
            reply(ex, 200, ("{\"token_type\":\"Bearer\",\"access_token\":\"opaque\",\"id_token\":\"" + idToken + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
        });
    }

    private static String s256(String verifier) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(h);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> params(String raw) {
        Map<String, String> m = new java.util.HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
    }

    /** A console user of the company, with the given roles in its {@code groups} claim. */
    public String employee(String email, String... roles) {
        return token(Map.of("sub", email, "email", email, "groups", List.of(roles)));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
