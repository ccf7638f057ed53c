package com.xuqinmin.im.social;

import com.xuqinmin.im.delivery.RelationChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A hard-deleted user's relations ({@code erasure.UserPurge}): its friendships on both sides, its
 * friend requests sent and received, the blocks it made and those made against it, its notices.
 * Idempotent.
 */
@ApplicationScoped
public class SocialPurge {

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    Event<RelationChanged> changes;

    @Inject
    com.xuqinmin.im.notice.NoticeService notices;

    @Transactional
    public void forgetUser(String appKey, String userId) {
        Set<String> others = new HashSet<>();
        others.addAll(ids("SELECT f.friendId FROM Friend f WHERE f.appKey = :a AND f.userId = :u", appKey, userId));
        others.addAll(ids("SELECT b.blockedId FROM Block b WHERE b.appKey = :a AND b.userId = :u", appKey, userId));
        others.addAll(ids("SELECT b.userId FROM Block b WHERE b.appKey = :a AND b.blockedId = :u", appKey, userId));
        for (String q : List.of("DELETE FROM Friend f WHERE f.appKey = :a AND (f.userId = :u OR f.friendId = :u)",
                "DELETE FROM Block b WHERE b.appKey = :a AND (b.userId = :u OR b.blockedId = :u)",
                "DELETE FROM FriendRequest r WHERE r.appKey = :a AND (r.fromId = :u OR r.toId = :u)")) {
            em.createQuery(q).setParameter("a", appKey).setParameter("u", userId).executeUpdate();
        }
        notices.forgetUser(appKey, userId);
        others.forEach(o -> changes.fire(new RelationChanged(appKey, userId, o)));
    }

    private List<String> ids(String jpql, String appKey, String userId) {
        return em.createQuery(jpql, String.class).setParameter("a", appKey).setParameter("u", userId).getResultList();
    }
}
