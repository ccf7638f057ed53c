package com.xuqinmin.im.push;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.Json;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The two push providers' HTTP APIs, called synchronously by the push workers ({@link Pusher}):
 * APNs over HTTP/2 with a token (an ES256 JWT from the app's .p8 key, reused for 40 minutes as Apple
 * asks), and FCM HTTP v1 with an OAuth2 access token got from the service account (an RS256 JWT
 * assertion exchanged at the token URI, reused until shortly before it expires). One HTTP client for
 * all apps: HTTP/2 carries every push to a provider over one connection.
 */
@ApplicationScoped
public class Providers {

    /** How long an APNs provider token is used: Apple refuses one older than an hour, and a new one more often than every 20 minutes. */
    static final long APNS_TOKEN_MILLIS = 40 * 60_000L;
    static final String FCM_SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

    @Resource
    ManagedThreadFactory threadFactory;

    @Inject
    ImConfig config;

    private volatile HttpClient http;
    private ExecutorService executor;
    private final Map<String, Token> apnsTokens = new ConcurrentHashMap<>();
    private final Map<String, Token> fcmTokens = new ConcurrentHashMap<>();
    /** One token made at a time per app and provider: workers pushing at once share it (Apple refuses frequent renewals). */
    private final Map<String, Object> tokenLocks = new ConcurrentHashMap<>();

    private record Token(String value, long version, long until) {
    }

    /** What a provider said of one push. */
    public enum Outcome {
        SENT,
        /** The token is no good any more (APNs 410 or BadDeviceToken, FCM UNREGISTERED): forget it. */
        INVALID_TOKEN,
        FAILED
    }

    public record Result(Outcome outcome, String reason) {
        static final Result SENT = new Result(Outcome.SENT, null);
    }

    /** The notification as the providers get it; {@code title} may be null. */
    public record Notification(String title, String body, long badge, String conversationId, String messageId) {
    }

    @PreDestroy
    void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ APNs

    public Result apns(PushSettings.AppPush app, String deviceToken, Notification n) {
        PushSettings.ApnsKey k = app.apns();
        StringBuilder sb = new StringBuilder(256).append("{\"aps\":{\"alert\":{");
        Json.field(sb, "title", n.title());
        Json.field(sb, "body", n.body());
        sb.append('}');
        Json.field(sb, "badge", n.badge());
        Json.field(sb, "sound", "default");
        sb.append('}');
        Json.field(sb, "conversationId", n.conversationId());
        Json.field(sb, "messageId", n.messageId());
        sb.append('}');
        HttpRequest request = HttpRequest.newBuilder(URI.create(k.endpoint() + "/3/device/"
                        + URLEncoder.encode(deviceToken, StandardCharsets.UTF_8)))
                .version(HttpClient.Version.HTTP_2)
                .timeout(Duration.ofMillis(config.pushTimeoutMillis()))
                .header("authorization", "bearer " + apnsToken(app))
                .header("apns-topic", k.topic())
                .header("apns-push-type", "alert")
                .header("apns-priority", "10")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(sb.toString(), StandardCharsets.UTF_8)).build();
        HttpResponse<String> r;
        try {
            r = client().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Result(Outcome.FAILED, "APNs: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Outcome.FAILED, "APNs: interrupted");
        }
        if (r.statusCode() == 200) {
            return Result.SENT;
        }
        String reason = reason(r.body());
        if (r.statusCode() == 410 || "BadDeviceToken".equals(reason) || "DeviceTokenNotForTopic".equals(reason)
                || "Unregistered".equals(reason)) {
            return new Result(Outcome.INVALID_TOKEN, "APNs " + r.statusCode() + " " + reason);
        }
        if (r.statusCode() == 403) {
            apnsTokens.remove(app.appKey()); // ExpiredProviderToken, InvalidProviderToken: a new one next time
        }
        return new Result(Outcome.FAILED, "APNs " + r.statusCode() + " " + reason);
    }

    private String apnsToken(PushSettings.AppPush app) {
        synchronized (tokenLocks.computeIfAbsent("apns|" + app.appKey(), k -> new Object())) {
            return apnsTokenLocked(app);
        }
    }

    private String apnsTokenLocked(PushSettings.AppPush app) {
        long now = System.currentTimeMillis();
        Token t = apnsTokens.get(app.appKey());
        if (t != null && t.version() == app.version() && t.until() > now) {
            return t.value();
        }
        PushSettings.ApnsKey k = app.apns();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(k.keyId()).build(),
                    new JWTClaimsSet.Builder().issuer(k.teamId()).issueTime(new Date(now / 1000 * 1000)).build());
            jwt.sign(new ECDSASigner(k.key()));
            Token fresh = new Token(jwt.serialize(), app.version(), now + APNS_TOKEN_MILLIS);
            apnsTokens.put(app.appKey(), fresh);
            return fresh.value();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the APNs token: " + e.getMessage(), e);
        }
    }

    private static String reason(String body) {
        try {
            return Json.string(Json.parseObject(body.getBytes(StandardCharsets.UTF_8)), "reason");
        } catch (RuntimeException e) {
            return body.length() > 100 ? body.substring(0, 100) : body;
        }
    }

    // ------------------------------------------------------------------ FCM

    public Result fcm(PushSettings.AppPush app, String deviceToken, Notification n) {
        PushSettings.FcmAccount a = app.fcm();
        String access;
        try {
            access = fcmToken(app);
        } catch (IOException e) {
            return new Result(Outcome.FAILED, "FCM token: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Outcome.FAILED, "FCM: interrupted");
        }
        StringBuilder sb = new StringBuilder(384).append("{\"message\":{");
        Json.field(sb, "token", deviceToken);
        sb.append(",\"notification\":{");
        Json.field(sb, "title", n.title());
        Json.field(sb, "body", n.body());
        sb.append("},\"data\":{");
        Json.field(sb, "conversationId", n.conversationId());
        Json.field(sb, "messageId", n.messageId());
        Json.field(sb, "badge", Long.toString(n.badge()));
        sb.append("},\"android\":{\"notification\":{");
        Json.field(sb, "notification_count", n.badge());
        sb.append("}},\"apns\":{\"payload\":{\"aps\":{");
        Json.field(sb, "badge", n.badge());
        sb.append("}}}}}");
        HttpRequest request = HttpRequest.newBuilder(URI.create(a.endpoint() + "/v1/projects/" + a.projectId()
                        + "/messages:send"))
                .version(version(a.endpoint()))
                .timeout(Duration.ofMillis(config.pushTimeoutMillis()))
                .header("Authorization", "Bearer " + access)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(sb.toString(), StandardCharsets.UTF_8)).build();
        HttpResponse<String> r;
        try {
            r = client().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Result(Outcome.FAILED, "FCM: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Outcome.FAILED, "FCM: interrupted");
        }
        if (r.statusCode() / 100 == 2) {
            return Result.SENT;
        }
        String status = null;
        String errorCode = null;
        String message = null;
        try {
            JsonObject error = Json.parseObject(r.body().getBytes(StandardCharsets.UTF_8)).getJsonObject("error");
            status = Json.string(error, "status");
            message = Json.string(error, "message");
            JsonArray details = error.getJsonArray("details");
            for (JsonValue d : details == null ? JsonArray.EMPTY_JSON_ARRAY : details) {
                if (d instanceof JsonObject o && o.containsKey("errorCode")) {
                    errorCode = Json.string(o, "errorCode");
                }
            }
        } catch (RuntimeException notTheErrorShape) {
            // reported below with the status alone
        }
        String why = "FCM " + r.statusCode() + " " + (errorCode != null ? errorCode : status);
        if ("UNREGISTERED".equals(errorCode) || ("INVALID_ARGUMENT".equals(errorCode != null ? errorCode : status)
                && message != null && message.contains("registration token"))) {
            return new Result(Outcome.INVALID_TOKEN, why);
        }
        if (r.statusCode() == 401) {
            fcmTokens.remove(app.appKey());
        }
        return new Result(Outcome.FAILED, why);
    }

    private String fcmToken(PushSettings.AppPush app) throws IOException, InterruptedException {
        synchronized (tokenLocks.computeIfAbsent("fcm|" + app.appKey(), k -> new Object())) {
            return fcmTokenLocked(app);
        }
    }

    private String fcmTokenLocked(PushSettings.AppPush app) throws IOException, InterruptedException {
        long now = System.currentTimeMillis();
        Token t = fcmTokens.get(app.appKey());
        if (t != null && t.version() == app.version() && t.until() > now) {
            return t.value();
        }
        PushSettings.FcmAccount a = app.fcm();
        String assertion;
        try {
            JWSHeader.Builder h = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT);
            if (a.keyId() != null) {
                h.keyID(a.keyId());
            }
            SignedJWT jwt = new SignedJWT(h.build(), new JWTClaimsSet.Builder().issuer(a.clientEmail())
                    .audience(a.tokenUri().toString()).claim("scope", FCM_SCOPE)
                    .issueTime(new Date(now / 1000 * 1000)).expirationTime(new Date(now / 1000 * 1000 + 3_600_000))
                    .build());
            jwt.sign(new RSASSASigner(a.key()));
            assertion = jwt.serialize();
        } catch (JOSEException e) {
            throw new IOException("cannot sign the assertion: " + e.getMessage(), e);
        }
        String form = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer",
                StandardCharsets.UTF_8) + "&assertion=" + assertion;
        HttpResponse<String> r = client().send(HttpRequest.newBuilder(a.tokenUri())
                .version(version(a.tokenUri()))
                .timeout(Duration.ofMillis(config.pushTimeoutMillis()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + " from " + a.tokenUri());
        }
        JsonObject o;
        try {
            o = Json.parseObject(r.body().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IOException("the token answer is not JSON");
        }
        String access = Json.string(o, "access_token");
        Long expiresIn = Json.integer(o, "expires_in");
        if (access == null) {
            throw new IOException("the token answer has no access_token");
        }
        long life = expiresIn == null ? 3600 : expiresIn;
        fcmTokens.put(app.appKey(), new Token(access, app.version(), now + Math.max(0, life - 300) * 1000));
        return access;
    }

    // ------------------------------------------------------------------ the HTTP client

    /** HTTP/2 over TLS; plain http (a loopback test endpoint) as HTTP/1.1, without an h2c upgrade attempt. */
    private static HttpClient.Version version(URI u) {
        return "https".equals(u.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1;
    }

    private HttpClient client() throws IOException {
        HttpClient c = http;
        if (c == null) {
            synchronized (this) {
                c = http;
                if (c == null) {
                    if (executor == null) {
                        executor = Executors.newFixedThreadPool(2, threadFactory);
                    }
                    c = HttpClient.newBuilder().executor(executor).version(HttpClient.Version.HTTP_2)
                            .connectTimeout(Duration.ofMillis(config.pushTimeoutMillis()))
                            .followRedirects(HttpClient.Redirect.NEVER).sslContext(sslContext()).build();
                    http = c;
                }
            }
        }
        return c;
    }

    /**
     * The JDK's trusted CAs, plus those of {@code IM_PUSH_TRUST_FILE} when set (read when the first
     * push goes out; until the file exists, no push goes out).
     */
    private SSLContext sslContext() throws IOException {
        try {
            if (config.pushTrustFile().isEmpty()) {
                return SSLContext.getDefault();
            }
            Path file = Path.of(config.pushTrustFile().get());
            if (!Files.isReadable(file)) {
                throw new IOException("IM_PUSH_TRUST_FILE " + file.toAbsolutePath() + " is not readable");
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            jdk.init((KeyStore) null);
            int i = 0;
            for (var tm : jdk.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    for (X509Certificate ca : x.getAcceptedIssuers()) {
                        ks.setCertificateEntry("jdk-" + i++, ca);
                    }
                }
            }
            try (InputStream in = Files.newInputStream(file)) {
                for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("extra-" + i++, ca);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for push: " + e.getMessage(), e);
        }
    }
}
