package com.xuqinmin.im.push;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.xuqinmin.im.delivery.AppChanged;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.Json;
import com.xuqinmin.im.platform.OutboundUrls;
import com.xuqinmin.im.platform.SecretCipher;
import com.xuqinmin.im.platform.Tx;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.util.Optional;

/**
 * An app's offline push settings (docs/api.md, "Push"): its APNs token key, its FCM service account,
 * the notification's title and body templates, and whether the content is hidden. The same calls
 * serve the server API and the tenant console. The key and the service account are stored encrypted
 * with the master key and never shown again; the push path reads them decrypted from a cache that a
 * change on any node ({@link AppChanged}) clears.
 */
@ApplicationScoped
public class PushSettings {

    public static final String TITLE_DEFAULT = "{senderNickname}";
    public static final String BODY_DEFAULT = "{content}";
    public static final String APNS_PRODUCTION = "https://api.push.apple.com";
    public static final String APNS_SANDBOX = "https://api.sandbox.push.apple.com";
    public static final String FCM_ENDPOINT = "https://fcm.googleapis.com";
    public static final String GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";

    private static final Duration TTL = Duration.ofSeconds(30);

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    SecretCipher cipher;

    @Inject
    ImConfig config;

    @Inject
    Tx tx;

    @Inject
    Event<AppChanged> changes;

    private Cache<String, Optional<AppPush>> cache;

    @PostConstruct
    void start() {
        cache = Caffeine.newBuilder().maximumSize(config.cacheAppsMax()).expireAfterWrite(TTL).build();
    }

    /**
     * APNs as given: {@code privateKey} is the .p8 file's text; left out, the stored key stays.
     * {@code endpoint} only where the operator allows overrides.
     */
    public record Apns(String keyId, String teamId, String topic, String privateKey, Boolean production,
            String endpoint) {
    }

    /** FCM as given: {@code serviceAccount} is the JSON key file's text; left out, the stored one stays. */
    public record Fcm(String projectId, String serviceAccount, String endpoint) {
    }

    /** The settings as given; a provider left out (or null) is not used. */
    public record Settings(Apns apns, Fcm fcm, String titleTemplate, String bodyTemplate, Boolean hideContent) {
    }

    public record ApnsView(String keyId, String teamId, String topic, boolean production, String endpoint,
            boolean keySet) {
    }

    public record FcmView(String projectId, String clientEmail, String endpoint, boolean serviceAccountSet) {
    }

    /** The settings as the API shows them: never the key or the service account. */
    public record View(ApnsView apns, FcmView fcm, String titleTemplate, String bodyTemplate, boolean hideContent,
            long updatedAt) {
    }

    /** APNs ready to use: the key decrypted, the endpoint decided. */
    public record ApnsKey(String keyId, String teamId, String topic, ECPrivateKey key, URI endpoint) {
    }

    /** FCM ready to use. */
    public record FcmAccount(String projectId, String clientEmail, RSAPrivateKey key, String keyId, URI tokenUri,
            URI endpoint) {
    }

    /** What the push path needs of an app; {@code version} changes with every change of the settings. */
    public record AppPush(String appKey, ApnsKey apns, FcmAccount fcm, String titleTemplate, String bodyTemplate,
            boolean hideContent, long version) {
    }

    @Transactional
    public View get(String appKey) {
        PushConfig c = em.find(PushConfig.class, appKey);
        if (c == null) {
            throw new ImException(ErrorCode.NOT_FOUND, "the app has no push settings");
        }
        return view(c);
    }

    @Transactional
    public View put(String appKey, Settings s) {
        if (s == null) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "body must be a JSON object");
        }
        PushConfig c = em.find(PushConfig.class, appKey);
        boolean fresh = c == null;
        if (fresh) {
            c = new PushConfig(appKey);
        }
        if (s.apns() == null) {
            c.setApns(null, null, null, null, false, null);
        } else {
            Apns a = s.apns();
            String keyId = required("apns.keyId", a.keyId(), 32);
            String teamId = required("apns.teamId", a.teamId(), 32);
            String topic = required("apns.topic", a.topic(), 255);
            String keyEnc;
            if (a.privateKey() == null || a.privateKey().isBlank()) {
                if (c.getApnsKeyEnc() == null) {
                    throw new ImException(ErrorCode.VALIDATION_FAILED, "apns.privateKey is required (the .p8 file)");
                }
                keyEnc = c.getApnsKeyEnc();
            } else {
                Pem.ec("apns.privateKey", a.privateKey());
                keyEnc = cipher.encrypt(a.privateKey(), context(appKey, "apns"));
            }
            c.setApns(keyId, teamId, topic, keyEnc, Boolean.TRUE.equals(a.production()),
                    endpoint("apns.endpoint", a.endpoint()));
        }
        if (s.fcm() == null) {
            c.setFcm(null, null, null, null);
        } else {
            Fcm f = s.fcm();
            String projectId = required("fcm.projectId", f.projectId(), 128);
            if (!projectId.matches("[a-z0-9-]{1,128}")) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, "fcm.projectId must be a Firebase project id");
            }
            String email;
            String accountEnc;
            if (f.serviceAccount() == null || f.serviceAccount().isBlank()) {
                if (c.getFcmAccountEnc() == null) {
                    throw new ImException(ErrorCode.VALIDATION_FAILED,
                            "fcm.serviceAccount is required (the service account's JSON key)");
                }
                email = c.getFcmClientEmail();
                accountEnc = c.getFcmAccountEnc();
            } else {
                email = serviceAccount(f.serviceAccount()).clientEmail();
                accountEnc = cipher.encrypt(f.serviceAccount(), context(appKey, "fcm"));
            }
            c.setFcm(projectId, email, accountEnc, endpoint("fcm.endpoint", f.endpoint()));
        }
        String title = s.titleTemplate() == null ? TITLE_DEFAULT : s.titleTemplate();
        String body = s.bodyTemplate() == null ? BODY_DEFAULT : s.bodyTemplate();
        if (title.length() > 512 || body.length() > 1024) {
            throw new ImException(ErrorCode.VALIDATION_FAILED,
                    "titleTemplate must be at most 512 characters, bodyTemplate at most 1024");
        }
        c.setContent(title, body, Boolean.TRUE.equals(s.hideContent()), System.currentTimeMillis());
        if (fresh) {
            em.persist(c);
        }
        changes.fire(new AppChanged(appKey, false));
        return view(c);
    }

    @Transactional
    public void delete(String appKey) {
        PushConfig c = em.find(PushConfig.class, appKey);
        if (c == null) {
            throw new ImException(ErrorCode.NOT_FOUND, "the app has no push settings");
        }
        em.remove(c);
        changes.fire(new AppChanged(appKey, false));
    }

    /** The app's push settings ready to use, if it has any (cached). */
    public Optional<AppPush> find(String appKey) {
        Optional<AppPush> p = cache.getIfPresent(appKey);
        if (p == null) {
            p = tx.call(() -> Optional.ofNullable(em.find(PushConfig.class, appKey)).map(this::load));
            cache.put(appKey, p);
        }
        return p;
    }

    void forget(@Observes(during = TransactionPhase.AFTER_SUCCESS) AppChanged a) {
        cache.invalidate(a.appKey());
    }

    private AppPush load(PushConfig c) {
        ApnsKey apns = null;
        if (c.getApnsKeyEnc() != null) {
            String pem = cipher.decrypt(c.getApnsKeyEnc(), context(c.getAppKey(), "apns"));
            apns = new ApnsKey(c.getApnsKeyId(), c.getApnsTeamId(), c.getApnsTopic(), Pem.ec("apns.privateKey", pem),
                    URI.create(c.getApnsEndpoint() != null ? c.getApnsEndpoint()
                            : c.isApnsProduction() ? APNS_PRODUCTION : APNS_SANDBOX));
        }
        FcmAccount fcm = null;
        if (c.getFcmAccountEnc() != null) {
            ServiceAccount sa = serviceAccount(cipher.decrypt(c.getFcmAccountEnc(), context(c.getAppKey(), "fcm")));
            fcm = new FcmAccount(c.getFcmProjectId(), sa.clientEmail(), sa.key(), sa.keyId(), sa.tokenUri(),
                    URI.create(c.getFcmEndpoint() != null ? c.getFcmEndpoint() : FCM_ENDPOINT));
        }
        return new AppPush(c.getAppKey(), apns, fcm, c.getTitleTemplate(), c.getBodyTemplate(), c.isHideContent(),
                c.getUpdatedAt());
    }

    private record ServiceAccount(String clientEmail, RSAPrivateKey key, String keyId, URI tokenUri) {
    }

    /** A service account's JSON key: its e-mail, RSA key and token URI (Google's, unless overrides are allowed). */
    private ServiceAccount serviceAccount(String json) {
        JsonObject o;
        try {
            o = Json.parseObject(json.getBytes(StandardCharsets.UTF_8));
        } catch (ImException e) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "fcm.serviceAccount must be the service account's "
                    + "JSON key (a JSON object)");
        }
        String type = Json.string(o, "type");
        if (type != null && !type.equals("service_account")) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "fcm.serviceAccount must be of type service_account");
        }
        String email = Json.string(o, "client_email");
        if (email == null || email.isBlank() || email.length() > 255) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "fcm.serviceAccount has no client_email");
        }
        RSAPrivateKey key = Pem.rsa("fcm.serviceAccount's private_key", Json.string(o, "private_key"));
        String tokenUri = Json.string(o, "token_uri");
        if (tokenUri == null) {
            tokenUri = GOOGLE_TOKEN_URI;
        } else if (!tokenUri.equals(GOOGLE_TOKEN_URI)) {
            tokenUri = endpoint("fcm.serviceAccount's token_uri", tokenUri);
        }
        return new ServiceAccount(email, key, Json.string(o, "private_key_id"), URI.create(tokenUri));
    }

    /** An endpoint of the app's own: only where the operator allows it, and past the SSRF guard. */
    private String endpoint(String field, String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        if (!config.pushAllowEndpointOverride()) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, field + " cannot be set on this server (the "
                    + "providers' own endpoints are used; IM_PUSH_ALLOW_ENDPOINT_OVERRIDE)");
        }
        String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        OutboundUrls.check(field, u, OutboundUrls.Policy.of(config));
        return u;
    }

    private static String required(String field, String value, int max) {
        if (value == null || value.isBlank() || value.length() > max) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, field + " is required (1 to " + max + " characters)");
        }
        return value.trim();
    }

    private static String context(String appKey, String provider) {
        return "push|" + provider + "|" + appKey;
    }

    private static View view(PushConfig c) {
        ApnsView apns = c.getApnsKeyEnc() == null ? null : new ApnsView(c.getApnsKeyId(), c.getApnsTeamId(),
                c.getApnsTopic(), c.isApnsProduction(), c.getApnsEndpoint(), true);
        FcmView fcm = c.getFcmAccountEnc() == null ? null : new FcmView(c.getFcmProjectId(), c.getFcmClientEmail(),
                c.getFcmEndpoint(), true);
        return new View(apns, fcm, c.getTitleTemplate(), c.getBodyTemplate(), c.isHideContent(), c.getUpdatedAt());
    }
}
