package com.xuqinmin.im.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.xuqinmin.im.delivery.AppChanged;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.SecretCipher;
import com.xuqinmin.im.platform.Tx;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.time.Duration;

/**
 * Looks apps up by appKey, with their secrets decrypted, for token and signature checks. Answers are
 * cached for a few seconds, at most {@code IM_CACHE_APPS_MAX} of them (every connect and every signed
 * request needs one); an {@link AppChanged} event, or {@link #invalidate}, drops an app at once.
 */
@ApplicationScoped
public class AppDirectory implements Apps {

    /** How long an app is trusted without hearing that it changed (its previous secret's expiry is read on load). */
    private static final Duration TTL = Duration.ofSeconds(5);

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    SecretCipher cipher;

    @Inject
    ImConfig config;

    @Inject
    Tx tx;

    private Cache<String, Optional<AppInfo>> cache;

    @PostConstruct
    void start() {
        cache = Caffeine.newBuilder().maximumSize(config.cacheAppsMax()).expireAfterWrite(TTL).build();
    }

    @Override
    public Optional<AppInfo> find(String appKey) {
        if (appKey == null || appKey.isEmpty() || appKey.length() > 32) {
            return Optional.empty();
        }
        Optional<AppInfo> cached = cache.getIfPresent(appKey);
        if (cached != null) {
            return cached;
        }
        long now = System.currentTimeMillis();
        Optional<AppInfo> info = tx.call(() -> Optional.ofNullable(em.find(App.class, appKey)).map(a -> toInfo(a, now)));
        cache.put(appKey, info);
        return info;
    }

    public void invalidate(String appKey) {
        cache.invalidate(appKey);
    }

    /** Forgets an app that changed on any node, once the change has committed. */
    void forget(@Observes(during = TransactionPhase.AFTER_SUCCESS) AppChanged a) {
        cache.invalidate(a.appKey());
    }

    private AppInfo toInfo(App a, long now) {
        List<String> secrets = new ArrayList<>(2);
        secrets.add(cipher.decrypt(a.getSecretEncrypted(), a.getAppKey()));
        if (a.getPreviousSecretEncrypted() != null && a.getPreviousSecretExpiresAt() != null
                && a.getPreviousSecretExpiresAt() > now) {
            secrets.add(cipher.decrypt(a.getPreviousSecretEncrypted(), a.getAppKey()));
        }
        long revoke = a.getRevokeWindowSeconds() != null ? a.getRevokeWindowSeconds() : config.revokeWindowSeconds();
        long edit = a.getEditWindowSeconds() != null ? a.getEditWindowSeconds() : config.editWindowSeconds();
        long lifetime = a.getMaxUserSigLifetimeSeconds() != null ? a.getMaxUserSigLifetimeSeconds()
                : config.userSigMaxLifetimeSeconds();
        // an app of a disabled tenant is as dead as a disabled app
        boolean tenantActive = a.getTenantId() == null || em.find(Tenant.class, a.getTenantId()).isActive();
        AppInfo.Sso sso = a.getSsoIssuer() == null || a.getSsoJwksUrl() == null ? null
                : new AppInfo.Sso(a.getSsoIssuer(), a.getSsoJwksUrl(),
                        a.getSsoUserClaim() == null ? "sub" : a.getSsoUserClaim(), a.getSsoAudience());
        return new AppInfo(a.getAppKey(), a.getStatus() == App.Status.ACTIVE && tenantActive, List.copyOf(secrets),
                revoke, lifetime, a.isAutoCreateUsers(), sso, a.getAddFriend(), a.getMessaging(),
                a.getDevicePolicy(), edit);
    }
}
