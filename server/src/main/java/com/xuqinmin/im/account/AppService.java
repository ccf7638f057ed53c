package com.xuqinmin.im.account;

import com.xuqinmin.im.delivery.AppChanged;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.SecretCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * Apps of the tenant console (API.md §3.4): creation with a fresh appKey and AppSecret (shown once),
 * settings, secret rotation with a grace period in which both secrets work, and disabling, which
 * stops the app's tokens, signatures and sockets on every node at once.
 */
@ApplicationScoped
public class AppService {

    private static final char[] ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    SecretCipher cipher;

    @Inject
    ImConfig config;

    @Inject
    Event<AppChanged> changes;


    private final SecureRandom random = new SecureRandom();

    /**
     * An app as the console shows it; {@code appSecret} only right after creation or rotation.
     * {@code retentionErasedBefore}: the content of every message created before this time (Unix
     * ms) has been erased by the retention; absent until the data-deletion job first applied one.
     */
    public record AppView(String appKey, String name, Long tenantId, String status, long createdAt,
            Long revokeWindowSeconds, Long maxUserSigLifetimeSeconds, boolean autoCreateUsers, String ssoIssuer,
            String ssoJwksUrl, String ssoUserClaim, String ssoAudience, long retentionDays, Long retentionErasedBefore,
            String appSecret, Long previousSecretValidUntil, String addFriend, String messaging, String devicePolicy,
            Long editWindowSeconds) {

        static AppView of(App a, String secret) {
            return new AppView(a.getAppKey(), a.getName(), a.getTenantId(), a.getStatus().name(), a.getCreatedAt(),
                    a.getRevokeWindowSeconds() == null ? null : a.getRevokeWindowSeconds().longValue(),
                    a.getMaxUserSigLifetimeSeconds(), a.isAutoCreateUsers(), a.getSsoIssuer(), a.getSsoJwksUrl(),
                    a.getSsoUserClaim(), a.getSsoAudience(), a.getRetentionDays() == null ? 0 : a.getRetentionDays(),
                    a.getRetentionErasedBefore(), secret, a.getPreviousSecretExpiresAt(),
                    a.getAddFriend().name(), a.getMessaging().name(), a.getDevicePolicy().name(),
                    a.getEditWindowSeconds() == null ? null : a.getEditWindowSeconds().longValue());
        }
    }

    /** The settings a tenant may change; {@code null} leaves a setting as it is. */
    public record Settings(String name, Long revokeWindowSeconds, Long maxUserSigLifetimeSeconds,
            Boolean autoCreateUsers, String ssoIssuer, String ssoJwksUrl, String ssoUserClaim, String ssoAudience,
            Long retentionDays, String addFriend, String messaging, String devicePolicy, Long editWindowSeconds) {

        /** Only the social policy (the server API's app settings). */
        public static Settings social(String addFriend, String messaging) {
            return serverApi(addFriend, messaging, null, null);
        }

        /** What the server API's app settings may change: the social and device policies and the edit window. */
        public static Settings serverApi(String addFriend, String messaging, String devicePolicy,
                Long editWindowSeconds) {
            return new Settings(null, null, null, null, null, null, null, null, null, addFriend, messaging,
                    devicePolicy, editWindowSeconds);
        }
    }

    /** The longest retention an app may set: 100 years. */
    public static final long MAX_RETENTION_DAYS = 36_500;

    /** An app that keeps messages for a limited time, and how far its erasure has got (Unix ms, or null). */
    public record Retention(String appKey, int days, Long erasedBefore) {
    }

    /** A page of apps. */
    public record Page(List<AppView> items, long total, int page, int size) {
    }

    @Transactional
    public AppView create(long tenantId, String name) {
        String appName = Ids.text("name", name, 128, true);
        String appKey;
        do {
            appKey = newAppKey();
        } while (em.find(App.class, appKey) != null);
        String secret = newSecret();
        App a = new App(appKey, appName, cipher.encrypt(secret, appKey), System.currentTimeMillis());
        a.setTenantId(tenantId);
        em.persist(a);
        return AppView.of(a, secret);
    }

    @Transactional
    public Page list(Long tenantId, int page, int size) {
        String where = tenantId == null ? "" : " WHERE a.tenantId = :t";
        var q = em.createQuery("SELECT a FROM App a" + where + " ORDER BY a.createdAt, a.appKey", App.class);
        var c = em.createQuery("SELECT COUNT(a) FROM App a" + where, Long.class);
        if (tenantId != null) {
            q.setParameter("t", tenantId);
            c.setParameter("t", tenantId);
        }
        List<AppView> items = q.setFirstResult(page * size).setMaxResults(size).getResultList().stream()
                .map(a -> AppView.of(a, null)).toList();
        return new Page(items, c.getSingleResult(), page, size);
    }

    @Transactional
    public AppView get(Long tenantId, String appKey) {
        return AppView.of(owned(tenantId, appKey), null);
    }

    @Transactional
    public AppView update(Long tenantId, String appKey, Settings s) {
        App a = owned(tenantId, appKey);
        if (s.name() != null) {
            a.setName(Ids.text("name", s.name(), 128, true));
        }
        if (s.revokeWindowSeconds() != null) {
            if (s.revokeWindowSeconds() < 0 || s.revokeWindowSeconds() > 30L * 86400) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, "revokeWindowSeconds must be 0 to 2592000");
            }
            a.setRevokeWindowSeconds(s.revokeWindowSeconds().intValue());
        }
        if (s.editWindowSeconds() != null) {
            if (s.editWindowSeconds() < 0 || s.editWindowSeconds() > 30L * 86400) {
                throw new ImException(ErrorCode.VALIDATION_FAILED,
                        "editWindowSeconds must be 0 (no editing) to 2592000");
            }
            a.setEditWindowSeconds(s.editWindowSeconds().intValue());
        }
        if (s.maxUserSigLifetimeSeconds() != null) {
            if (s.maxUserSigLifetimeSeconds() < 60 || s.maxUserSigLifetimeSeconds() > 365L * 86400) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, "maxUserSigLifetimeSeconds must be 60 to 31536000");
            }
            a.setMaxUserSigLifetimeSeconds(s.maxUserSigLifetimeSeconds());
        }
        if (s.autoCreateUsers() != null) {
            a.setAutoCreateUsers(s.autoCreateUsers());
        }
        if (s.retentionDays() != null) {
            if (s.retentionDays() < 0 || s.retentionDays() > MAX_RETENTION_DAYS) {
                throw new ImException(ErrorCode.VALIDATION_FAILED,
                        "retentionDays must be 0 (keep for ever) to " + MAX_RETENTION_DAYS);
            }
            a.setRetentionDays(s.retentionDays() == 0 ? null : s.retentionDays().intValue());
        }
        if (s.addFriend() != null) {
            a.setAddFriend(policy("addFriend", s.addFriend(), AppInfo.AddFriend.class));
        }
        if (s.messaging() != null) {
            a.setMessaging(policy("messaging", s.messaging(), AppInfo.Messaging.class));
        }
        if (s.devicePolicy() != null) {
            a.setDevicePolicy(policy("devicePolicy", s.devicePolicy(), AppInfo.DevicePolicy.class));
        }
        if (s.ssoIssuer() != null || s.ssoJwksUrl() != null || s.ssoUserClaim() != null || s.ssoAudience() != null) {
            String issuer = blankToNull(s.ssoIssuer() != null ? s.ssoIssuer() : a.getSsoIssuer());
            String jwks = blankToNull(s.ssoJwksUrl() != null ? s.ssoJwksUrl() : a.getSsoJwksUrl());
            String claim = blankToNull(s.ssoUserClaim() != null ? s.ssoUserClaim() : a.getSsoUserClaim());
            String audience = blankToNull(s.ssoAudience() != null ? s.ssoAudience() : a.getSsoAudience());
            if ((issuer == null) != (jwks == null)) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, "ssoIssuer and ssoJwksUrl go together");
            }
            if (jwks != null) {
                requireHttpUrl("ssoJwksUrl", jwks);
            }
            if (issuer != null && issuer.length() > 512) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, "ssoIssuer is longer than 512");
            }
            if (claim != null && !claim.matches("[A-Za-z0-9_.:-]{1,64}")) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, "ssoUserClaim must be a claim name");
            }
            if (audience != null && audience.length() > 512) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, "ssoAudience is longer than 512");
            }
            a.setSso(issuer, jwks, claim, audience);
        }
        changed(a.getAppKey(), false);
        return AppView.of(a, null);
    }

    /** The apps with a retention, disabled ones included (their data ages all the same). */
    @Transactional
    public List<Retention> retentions() {
        return em.createQuery("SELECT a FROM App a WHERE a.retentionDays > 0 ORDER BY a.appKey", App.class)
                .getResultStream().map(a -> new Retention(a.getAppKey(), a.getRetentionDays(),
                        a.getRetentionErasedBefore())).toList();
    }

    /**
     * Records that every message of the app created before {@code before} (Unix ms) is erased. Only
     * ever moves forward, so two nodes running the job at once, or a run that finishes after a
     * later one, cannot move it back.
     */
    @Transactional
    public void retentionErasedBefore(String appKey, long before) {
        em.createQuery("UPDATE App a SET a.retentionErasedBefore = :b WHERE a.appKey = :k "
                        + "AND (a.retentionErasedBefore IS NULL OR a.retentionErasedBefore < :b)")
                .setParameter("b", before).setParameter("k", appKey).executeUpdate();
    }

    /** A new AppSecret, shown once; the previous one keeps working for the grace period. */
    @Transactional
    public AppView rotateSecret(Long tenantId, String appKey, Long graceSeconds) {
        App a = owned(tenantId, appKey);
        long grace = graceSeconds == null ? config.secretGraceSeconds() : graceSeconds;
        if (grace < 0 || grace > 30L * 86400) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "graceSeconds must be 0 to 2592000");
        }
        String secret = newSecret();
        a.rotateSecret(cipher.encrypt(secret, appKey), System.currentTimeMillis() + grace * 1000);
        changed(appKey, false);
        return AppView.of(a, secret);
    }

    @Transactional
    public AppView disable(Long tenantId, String appKey) {
        App a = owned(tenantId, appKey);
        a.disable(System.currentTimeMillis());
        changed(appKey, true);
        return AppView.of(a, null);
    }

    @Transactional
    public AppView enable(String appKey) {
        App a = owned(null, appKey);
        a.enable();
        changed(appKey, false);
        return AppView.of(a, null);
    }

    /** Tells every node, once the change commits; a disable also closes the app's sockets. */
    void changed(String appKey, boolean disabled) {
        changes.fire(new AppChanged(appKey, disabled));
    }

    /** The app, if it belongs to the tenant ({@code null}: an operator, who sees every app). */
    private App owned(Long tenantId, String appKey) {
        App a = appKey == null ? null : em.find(App.class, appKey);
        if (a == null || (tenantId != null && !tenantId.equals(a.getTenantId()))) {
            // another tenant's app is answered like a missing one: nothing to learn from the difference
            throw new ImException(ErrorCode.NOT_FOUND, "no app " + appKey);
        }
        return a;
    }

    private String newAppKey() {
        char[] c = new char[16];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALNUM[random.nextInt(ALNUM.length)];
        }
        return "ak_" + new String(c);
    }

    /** 256 random bits, base64url: 43 characters. */
    private String newSecret() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static <E extends Enum<E>> E policy(String field, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, field + " must be one of "
                    + String.join(", ", java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static void requireHttpUrl(String field, String url) {
        try {
            URI u = URI.create(url);
            if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null
                    || url.length() > 1024) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, field + " must be an http(s) URL");
        }
    }
}
