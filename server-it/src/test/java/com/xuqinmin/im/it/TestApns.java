package com.xuqinmin.im.it;

import com.eatthepath.pushy.apns.auth.ApnsVerificationKey;
import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import com.eatthepath.pushy.apns.server.MockApnsServerListener;
import com.eatthepath.pushy.apns.server.PushNotificationHandler;
import com.eatthepath.pushy.apns.server.RejectionReason;
import com.eatthepath.pushy.apns.server.ValidatingPushNotificationHandlerFactory;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * APNs for the push tests: Pushy's {@link MockApnsServer} (HTTP/2 over TLS with ALPN) on 127.0.0.1,
 * validating each push as Apple does: the provider token (an ES256 JWT checked with the public half of
 * a .p8 key made here, for its key id and team), the topic, the push type and the device token. A
 * token it was told is unregistered gets 410 Unregistered, one it does not know 400 BadDeviceToken.
 * Its TLS certificate is made once per test run with the JDK's keytool, and written where the
 * server under test reads the extra CAs it trusts for push ({@code IM_PUSH_TRUST_FILE}, server.env).
 */
public final class TestApns implements AutoCloseable {

    public static final String TOPIC = "com.example.chat";
    public static final String TEAM_ID = "TEAM123456";

    /** A push as the mock accepted or refused it. */
    public record Push(String token, String topic, String pushType, String payload, String rejected) {
        public jakarta.json.JsonObject json() {
            return Http.json(payload);
        }
    }

    private static Tls tls;

    private final MockApnsServer server;
    private final int port;
    private final String keyId;
    private final KeyPair key;
    private final List<Push> pushes = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    private record Tls(X509Certificate cert, PrivateKey key) {
    }

    /**
     * A server that knows {@code tokens} for {@link #TOPIC}, and {@code unregistered} as tokens whose
     * app was removed.
     */
    public TestApns(Set<String> tokens, Set<String> unregistered) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            key = g.generateKeyPair();
            keyId = "KEY" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4)).toUpperCase();
            ApnsVerificationKey verification = new ApnsVerificationKey(keyId, TEAM_ID, (ECPublicKey) key.getPublic());
            Map<String, Set<String>> byTopic = new HashMap<>();
            java.util.HashSet<String> all = new java.util.HashSet<>(tokens);
            all.addAll(unregistered);
            byTopic.put(TOPIC, all);
            Map<String, Instant> expired = new HashMap<>();
            for (String t : unregistered) {
                expired.put(t, Instant.now().minusSeconds(60));
            }
            Tls t = tls();
            ValidatingPushNotificationHandlerFactory validating = new ValidatingPushNotificationHandlerFactory(byTopic,
                    expired, Map.of(keyId, verification), Map.of(verification, Set.of(TOPIC)));
            server = new MockApnsServerBuilder()
                    .setServerCredentials(new X509Certificate[] {t.cert()}, t.key(), null)
                    .setUseAlpn(true)
                    .setHandlerFactory(session -> {
                        PushNotificationHandler apple = validating.buildHandler(session);
                        return (headers, payload) -> {
                            try {
                                derSignature(headers);
                                apple.handlePushNotification(headers, payload);
                            } catch (RuntimeException e) {
                                errors.add(e.toString());
                                throw e;
                            }
                        };
                    })
                    .setListener(new MockApnsServerListener() {
                        @Override
                        public void handlePushNotificationAccepted(Http2Headers h, ByteBuf payload) {
                            pushes.add(push(h, payload, null));
                        }

                        @Override
                        public void handlePushNotificationRejected(Http2Headers h, ByteBuf payload, RejectionReason r,
                                Instant expiredAt) {
                            pushes.add(push(h, payload, r.name()));
                        }
                    })
                    .build();
            port = server.start(0).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the mock APNs server", e);
        }
    }

    /**
     * The server signs its provider token as JWS says an ES256 signature is written (RFC 7518 §3.4: R and S,
     * 64 bytes), which APNs takes; Pushy's mock verifies with the JDK's SHA256withECDSA and so takes only the
     * DER encoding its own client sends. The signature is rewritten to DER here, and nothing else: the
     * mock still checks it against the key, with the key id, the team, the age, the topic and the token.
     */
    private static void derSignature(Http2Headers h) {
        CharSequence auth = h.get("authorization");
        if (auth == null || !auth.toString().startsWith("bearer ")) {
            return;
        }
        String[] parts = auth.toString().substring(7).split("\\.");
        if (parts.length != 3) {
            return;
        }
        try {
            byte[] jose = Base64.getUrlDecoder().decode(parts[2]);
            byte[] der = com.nimbusds.jose.crypto.impl.ECDSA.transcodeSignatureToDER(jose);
            h.set("authorization", "bearer " + parts[0] + "." + parts[1] + "."
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(der));
        } catch (com.nimbusds.jose.JOSEException | IllegalArgumentException e) {
            // left as it came: the mock refuses it
        }
    }

    private static Push push(Http2Headers h, ByteBuf payload, String rejected) {
        String path = String.valueOf(h.path());
        String token = path.startsWith("/3/device/") ? path.substring("/3/device/".length()) : path;
        return new Push(token, str(h.get("apns-topic")), str(h.get("apns-push-type")),
                payload == null ? "" : payload.toString(StandardCharsets.UTF_8), rejected);
    }

    private static String str(CharSequence s) {
        return s == null ? null : s.toString();
    }

    /** What the validating handler threw (a bug in the test or a request it could not read). */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** The endpoint the app's push settings name (allowed on the test server: IM_PUSH_ALLOW_ENDPOINT_OVERRIDE). */
    public String endpoint() {
        return "https://localhost:" + port;
    }

    public String keyId() {
        return keyId;
    }

    /** The .p8 file's text: the private key in PKCS#8 PEM. */
    public String p8() {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
                        key.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    public List<Push> pushes() {
        return List.copyOf(pushes);
    }

    public List<Push> to(String token) {
        return pushes.stream().filter(p -> p.token().equals(token)).toList();
    }

    /** Waits for a push matching {@code p}. */
    public Push await(Predicate<Push> p, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            for (Push x : pushes) {
                if (p.test(x)) {
                    return x;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no such push within " + wait + "; received: " + pushes + "; errors: " + errors);
    }

    @Override
    public void close() {
        server.shutdown().join();
    }

    /** A 64-hex-digit device token, as APNs hands them out. */
    public static String token() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * The server's TLS key and certificate (EC, for localhost and 127.0.0.1), made once by keytool, and
     * the certificate written to the file the server under test trusts for push.
     */
    static synchronized Tls tls() throws Exception {
        if (tls != null) {
            return tls;
        }
        Path dir = Files.createTempDirectory("apns-tls");
        Path store = dir.resolve("apns.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "apns", "-keyalg", "EC", "-groupname",
                "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost", "-ext",
                "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore",
                store.toString(), "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        X509Certificate cert = (X509Certificate) ks.getCertificate("apns");
        PrivateKey pk = (PrivateKey) ks.getKey("apns", "changeit".toCharArray());
        String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        writeTrustFile(pem);
        tls = new Tls(cert, pk);
        return tls;
    }

    /** The CA file the server under test reads when it makes its push client (server.env: IM_PUSH_TRUST_FILE). */
    static synchronized void writeTrustFile(String pem) {
        Path file = Path.of(System.getProperty("it.data.dir")).getParent().resolve("push-trust.pem");
        try {
            Files.writeString(file, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes sure the trust file exists before any push goes out (the server reads it once). */
    public static void ensureTrustFile() {
        try {
            tls();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
