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
 * generated here, and mints RS256 tokens with it. The IT server is configured (server.env) to trust
 * it as the consoles' SSO issuer at {@code http://127.0.0.1:${it.idp.port}/jwks.json}.
 */
public final class TestIdp implements AutoCloseable {

    public static final String ISSUER = "https://idp.it.example";

    private final HttpServer server;
    private final RSAKey key;

    private TestIdp(HttpServer server, RSAKey key) {
        this.server = server;
        this.key = key;
    }

    public static int port() {
        return Integer.getInteger("it.idp.port", 19099);
    }

    /** Starts the provider on its fixed port (the server was told about it at start-up). */
    public static TestIdp start() {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID("idp-" + System.nanoTime()).generate();
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port()), 0);
            byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            s.createContext("/jwks.json", ex -> {
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, jwks.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(jwks);
                }
            });
            s.start();
            return new TestIdp(s, key);
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
        long now = System.currentTimeMillis();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer(ISSUER).issueTime(new Date(now))
                .expirationTime(new Date(now + ttlSeconds * 1000));
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

    /** A console user of the company, with the given roles in its {@code groups} claim. */
    public String employee(String email, String... roles) {
        return token(Map.of("sub", email, "email", email, "groups", List.of(roles)));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
