package com.xuqinmin.im.social;

import com.xuqinmin.im.account.Ids;
import com.xuqinmin.im.account.ImUser;
import com.xuqinmin.im.delivery.RelationChanged;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.Tx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;

/**
 * The blocklist (API.md §4.6): a user blocks another, whose single-chat messages to it are then
 * refused with BLOCKED (social/RelationCache, read by the send path) and whose friend requests too.
 * The blocked user is told nothing; history stays; groups are not affected; a friendship stays a
 * friendship (its messages are refused all the same).
 */
@ApplicationScoped
public class BlockService {

    /** The most users one user may block: the send path keeps each receiver's whole list in memory. */
    public static final int MAX_BLOCKS = 1000;

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    Tx tx;

    @Inject
    Event<RelationChanged> changes;

    @Inject
    Clock clock;

    /** A blocked user and since when. */
    public record BlockView(String userId, long createdAt) {
    }

    /** {@code userId} blocks {@code blockedId}; blocking again changes nothing and answers the same. */
    public BlockView block(String appKey, String userId, String blockedId) {
        Ids.require("userId", blockedId);
        if (blockedId.equals(userId)) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "you cannot block yourself");
        }
        return tx.callRetryingOnce(() -> {
            Block b = em.find(Block.class, new Block.Key(appKey, userId, blockedId));
            if (b != null) {
                return new BlockView(blockedId, b.getCreatedAt());
            }
            ImUser u = em.find(ImUser.class, new ImUser.Key(appKey, blockedId));
            if (u == null || u.getStatus() == ImUser.Status.DELETED) {
                throw new ImException(ErrorCode.USER_NOT_FOUND, "user " + blockedId + " not found");
            }
            long count = em.createQuery("SELECT COUNT(b) FROM Block b WHERE b.appKey = :a AND b.userId = :u", Long.class)
                    .setParameter("a", appKey).setParameter("u", userId).getSingleResult();
            if (count >= MAX_BLOCKS) {
                throw new ImException(ErrorCode.CONFLICT, "you may block at most " + MAX_BLOCKS + " users");
            }
            b = new Block(appKey, userId, blockedId, clock.millis());
            em.persist(b);
            em.flush();
            changes.fire(new RelationChanged(appKey, userId, blockedId));
            return new BlockView(blockedId, b.getCreatedAt());
        });
    }

    /** Lifts a block; NOT_FOUND when there was none. */
    @Transactional
    public void unblock(String appKey, String userId, String blockedId) {
        Block b = Ids.valid(blockedId) ? em.find(Block.class, new Block.Key(appKey, userId, blockedId)) : null;
        if (b == null) {
            throw new ImException(ErrorCode.NOT_FOUND, blockedId + " is not blocked");
        }
        em.remove(b);
        changes.fire(new RelationChanged(appKey, userId, blockedId));
    }

    /** The users {@code userId} blocked, by userId. */
    @Transactional
    public Page<BlockView> list(String appKey, String userId, int page, int size) {
        List<BlockView> items = em.createQuery("SELECT b FROM Block b WHERE b.appKey = :a AND b.userId = :u "
                        + "ORDER BY b.blockedId", Block.class)
                .setParameter("a", appKey).setParameter("u", userId).setFirstResult(page * size).setMaxResults(size)
                .getResultStream().map(b -> new BlockView(b.getBlockedId(), b.getCreatedAt())).toList();
        long total = em.createQuery("SELECT COUNT(b) FROM Block b WHERE b.appKey = :a AND b.userId = :u", Long.class)
                .setParameter("a", appKey).setParameter("u", userId).getSingleResult();
        return new Page<>(items, total, page, size);
    }
}
