package com.xuqinmin.im.webhook;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.xuqinmin.im.delivery.AppChanged;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.Tx;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.util.Optional;

/**
 * The apps' webhooks, cached: every send asks whether its app wants a before-event, and every store
 * whether it wants an after-event, so an app without a webhook costs one cache hit. A change on any
 * node ({@link AppChanged}, which the cluster bus carries) drops the app's entry at once.
 */
@ApplicationScoped
public class Hooks {

    /** How long an entry is trusted without hearing of a change. */
    private static final Duration TTL = Duration.ofSeconds(30);

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    Tx tx;

    @Inject
    ImConfig config;

    private Cache<String, Optional<Hook>> cache;

    @PostConstruct
    void start() {
        cache = Caffeine.newBuilder().maximumSize(config.cacheAppsMax()).expireAfterWrite(TTL).build();
    }

    public Optional<Hook> find(String appKey) {
        Optional<Hook> h = cache.getIfPresent(appKey);
        if (h == null) {
            h = tx.call(() -> Optional.ofNullable(em.find(Webhook.class, appKey)).map(Hook::of));
            cache.put(appKey, h);
        }
        return h;
    }

    /** The app's webhook if it enabled {@code e}, else null. */
    public Hook enabled(String appKey, HookEvent e) {
        Optional<Hook> h = find(appKey);
        return h.isPresent() && h.get().wants(e) ? h.get() : null;
    }

    void forget(@Observes(during = TransactionPhase.AFTER_SUCCESS) AppChanged a) {
        cache.invalidate(a.appKey());
    }
}
