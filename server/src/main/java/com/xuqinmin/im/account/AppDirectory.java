package com.xuqinmin.im.account;

import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.SecretCipher;
import com.xuqinmin.im.platform.Tx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Looks apps up by appKey, with their secrets decrypted, for token and signature checks. Answers are
 * cached for a few seconds (every connect and every signed request needs one); {@link #invalidate}
 * drops an app at once when it changes.
 */
@ApplicationScoped
public class AppDirectory {

    private static final long TTL_MILLIS = 5_000;

    private record Cached(Optional<AppInfo> info, long loadedAt) {
    }

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    SecretCipher cipher;

    @Inject
    ImConfig config;

    @Inject
    Tx tx;

    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    /** The app, or empty when there is no such app. Disabled apps are returned (callers decide). */
    public Optional<AppInfo> find(String appKey) {
        if (appKey == null || appKey.isEmpty() || appKey.length() > 32) {
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        Cached c = cache.get(appKey);
        if (c != null && now - c.loadedAt < TTL_MILLIS) {
            return c.info;
        }
        Optional<AppInfo> info = tx.call(() -> Optional.ofNullable(em.find(App.class, appKey)).map(a -> toInfo(a, now)));
        cache.put(appKey, new Cached(info, now));
        return info;
    }

    public void invalidate(String appKey) {
        cache.remove(appKey);
    }

    /** Forgets an app that changed on any node. */
    void onChange(@jakarta.enterprise.event.Observes com.xuqinmin.im.delivery.Delivery d) {
        if (d instanceof com.xuqinmin.im.delivery.Delivery.AppChanged a) {
            cache.remove(a.appKey());
        }
    }

    private AppInfo toInfo(App a, long now) {
        List<String> secrets = new ArrayList<>(2);
        secrets.add(cipher.decrypt(a.getSecretEncrypted(), a.getAppKey()));
        if (a.getPreviousSecretEncrypted() != null && a.getPreviousSecretExpiresAt() != null
                && a.getPreviousSecretExpiresAt() > now) {
            secrets.add(cipher.decrypt(a.getPreviousSecretEncrypted(), a.getAppKey()));
        }
        long revoke = a.getRevokeWindowSeconds() != null ? a.getRevokeWindowSeconds() : config.revokeWindowSeconds();
        long lifetime = a.getMaxUserSigLifetimeSeconds() != null ? a.getMaxUserSigLifetimeSeconds()
                : config.userSigMaxLifetimeSeconds();
        // an app of a disabled tenant is as dead as a disabled app
        boolean tenantActive = a.getTenantId() == null || em.find(Tenant.class, a.getTenantId()).isActive();
        AppInfo.Sso sso = a.getSsoIssuer() == null || a.getSsoJwksUrl() == null ? null
                : new AppInfo.Sso(a.getSsoIssuer(), a.getSsoJwksUrl(),
                        a.getSsoUserClaim() == null ? "sub" : a.getSsoUserClaim());
        return new AppInfo(a.getAppKey(), a.getStatus() == App.Status.ACTIVE && tenantActive, List.copyOf(secrets),
                revoke, lifetime, a.isAutoCreateUsers(), sso);
    }
}
