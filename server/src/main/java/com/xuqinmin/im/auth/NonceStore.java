package com.xuqinmin.im.auth;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import com.xuqinmin.im.platform.Redis;
import io.lettuce.core.SetArgs;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Remembers request-signature nonces for their time to live, so a replay is refused on any node
 * and after a restart: in Redis when the cluster has one ({@code SET NX PX}, expiring by itself),
 * otherwise (and while Redis is away) in the database, whose expired nonces are purged every minute.
 */
@ApplicationScoped
public class NonceStore {

    private static final Logger LOG = Logger.getLogger(NonceStore.class.getName());

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    NonceStore self;

    @Inject
    Redis redis;

    private ScheduledFuture<?> purger;

    @PostConstruct
    void start() {
        purger = scheduler.scheduleWithFixedDelay(() -> {
            try {
                self.purge(System.currentTimeMillis());
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "nonce purge failed", e);
            }
        }, 1, 1, TimeUnit.MINUTES);
    }

    @PreDestroy
    void stop() {
        if (purger != null) {
            purger.cancel(false);
        }
    }

    /**
     * Records a nonce; false when it was already used and has not expired. Two concurrent uses of
     * the same nonce race on the primary key: the loser's commit fails, which callers must also
     * treat as a replay.
     */
    public boolean remember(String appKey, String nonce, long now, long ttlMillis) {
        var r = redis.commands();
        if (r.isPresent() && redis.up()) {
            try {
                return "OK".equals(r.get().sync().set("im:nonce:" + appKey + ":" + nonce, Long.toString(now),
                        SetArgs.Builder.nx().px(ttlMillis)));
            } catch (io.lettuce.core.RedisException e) {
                LOG.log(Level.FINE, "Redis away: the nonce goes to the database", e);
            }
        }
        return self.rememberInDatabase(appKey, nonce, now, ttlMillis);
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean rememberInDatabase(String appKey, String nonce, long now, long ttlMillis) {
        Nonce existing = em.find(Nonce.class, new Nonce.Key(appKey, nonce));
        if (existing != null) {
            if (existing.getExpiresAt() > now) {
                return false;
            }
            existing.renew(now + ttlMillis);
            return true;
        }
        em.persist(new Nonce(appKey, nonce, now + ttlMillis));
        em.flush();
        return true;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int purge(long now) {
        return em.createQuery("DELETE FROM Nonce n WHERE n.expiresAt < :now").setParameter("now", now).executeUpdate();
    }
}
