package com.xuqinmin.im.social;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.xuqinmin.im.account.AppInfo;
import com.xuqinmin.im.account.Apps;
import com.xuqinmin.im.delivery.RelationChanged;
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
import java.util.Set;

/**
 * The send path's answer to "may this single-chat message go?" ({@link Relations}), from caches:
 * each receiver's whole blocklist (most are empty, and one set serves every sender), and, only in
 * apps whose messaging policy is FRIENDS_ONLY, whether a pair are friends. Bounded like the user
 * cache ({@code IM_CACHE_USERS_MAX}) and trusted for a minute; every change fires
 * {@link RelationChanged}, so each node forgets the pair once the change commits.
 */
@ApplicationScoped
public class RelationCache implements Relations {

    private static final Duration TTL = Duration.ofSeconds(60);

    private record UserKey(String appKey, String userId) {
    }

    /** A pair of users, in id order: friendship is symmetric. */
    private record PairKey(String appKey, String a, String b) {
        static PairKey of(String appKey, String x, String y) {
            return x.compareTo(y) <= 0 ? new PairKey(appKey, x, y) : new PairKey(appKey, y, x);
        }
    }

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    Tx tx;

    @Inject
    ImConfig config;

    @Inject
    Apps apps;

    private Cache<UserKey, Set<String>> blocklists;
    private Cache<PairKey, Boolean> friendships;

    @PostConstruct
    void start() {
        blocklists = Caffeine.newBuilder().maximumSize(config.cacheUsersMax()).expireAfterWrite(TTL).build();
        friendships = Caffeine.newBuilder().maximumSize(config.cacheUsersMax()).expireAfterWrite(TTL).build();
    }

    @Override
    public Verdict singleChat(String appKey, String fromId, String toId) {
        if (blocklist(appKey, toId).contains(fromId)) {
            return Verdict.BLOCKED;
        }
        AppInfo.Messaging policy = apps.find(appKey).map(AppInfo::messaging).orElse(AppInfo.Messaging.ANYONE);
        if (policy == AppInfo.Messaging.FRIENDS_ONLY && !fromId.equals(toId) && !friends(appKey, fromId, toId)) {
            return Verdict.NOT_FRIENDS;
        }
        return Verdict.OK;
    }

    /** The users {@code userId} has blocked. */
    public Set<String> blocklist(String appKey, String userId) {
        UserKey key = new UserKey(appKey, userId);
        Set<String> cached = blocklists.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        // read outside the cache's lock: a database wait must not block other users' lookups
        Set<String> loaded = Set.copyOf(tx.call(() -> em.createQuery(
                "SELECT b.blockedId FROM Block b WHERE b.appKey = :a AND b.userId = :u", String.class)
                .setParameter("a", appKey).setParameter("u", userId).getResultList()));
        blocklists.put(key, loaded);
        return loaded;
    }

    /** Whether the two users are friends. */
    public boolean friends(String appKey, String x, String y) {
        PairKey key = PairKey.of(appKey, x, y);
        Boolean cached = friendships.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        boolean loaded = tx.call(() -> em.find(Friend.class, new Friend.Key(appKey, x, y)) != null);
        friendships.put(key, loaded);
        return loaded;
    }

    /** Forgets a pair whose relation changed on any node, once the change has committed. */
    void forget(@Observes(during = TransactionPhase.AFTER_SUCCESS) RelationChanged r) {
        blocklists.invalidate(new UserKey(r.appKey(), r.userId()));
        blocklists.invalidate(new UserKey(r.appKey(), r.otherId()));
        friendships.invalidate(PairKey.of(r.appKey(), r.userId(), r.otherId()));
    }
}
