package com.xuqinmin.im.notice;

import com.xuqinmin.im.delivery.NoticeStored;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.time.Clock;
import java.util.List;

/**
 * Notices (PROTOCOL.md, {@code /user/queue/notices}): what changed for a user that it must not miss,
 * stored in the transaction of the change that causes it, numbered per user (1, 2, 3, … without
 * gaps: the user's counter row is locked while a notice is numbered), written to the user's
 * subscribed sessions on every node once the change commits, and read again by a client that was
 * away ({@link #after}). A notice is {@code {"seq","type","createdAt","data":{…}}}.
 */
@ApplicationScoped
public class NoticeService {

    /**
     * The id under which a device's notice cursor is kept among its conversations' delivered cursors
     * (no conversation id starts with {@code n:}): the highest notice seq up to which the device has
     * received every notice, moved forward by the same tracker as the messages' cursors.
     */
    public static final String CURSOR = "n:";

    /** The most notices one read answers. */
    public static final int MAX_LIMIT = 200;

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    Event<NoticeStored> stored;

    @Inject
    Clock clock;

    /** A notice as clients read it. */
    public record View(long seq, String type, long createdAt, JsonObject data) {
        /** The notice as written on {@code /user/queue/notices}. */
        public String json() {
            return NoticeService.json(seq, type, createdAt, data).toString();
        }
    }

    /** The notices after {@code afterSeq}, the oldest first, at most {@code limit}; and whether more follow. */
    public record Page(List<View> notices, boolean hasMore) {
    }

    /**
     * Stores a notice for {@code userId} in the caller's transaction (mandatory: the notice and its
     * cause commit together) and announces it after the commit. Callers that notify several users
     * in one transaction do it in userId order, so two transactions never wait for each other's rows.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long notify(String appKey, String userId, String type, JsonObject data) {
        NoticeSeq.Key key = new NoticeSeq.Key(appKey, userId);
        NoticeSeq counter = em.find(NoticeSeq.class, key, LockModeType.PESSIMISTIC_WRITE);
        if (counter == null) {
            // the first notice of the user: a concurrent first one loses on the key, and its caller retries
            counter = new NoticeSeq(appKey, userId);
            em.persist(counter);
        }
        long seq = counter.next();
        long now = clock.millis();
        em.persist(new Notice(appKey, userId, seq, type, data.toString(), now));
        em.flush();
        stored.fire(new NoticeStored(appKey, userId, seq, json(seq, type, now, data).toString()));
        return seq;
    }

    @Transactional
    public Page after(String appKey, String userId, long afterSeq, int limit) {
        if (afterSeq < 0) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "afterSeq must be 0 or more");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "limit must be 1 to " + MAX_LIMIT);
        }
        List<Notice> rows = em.createQuery("SELECT n FROM Notice n WHERE n.appKey = :a AND n.userId = :u "
                        + "AND n.seq > :s ORDER BY n.seq", Notice.class)
                .setParameter("a", appKey).setParameter("u", userId).setParameter("s", afterSeq)
                .setMaxResults(limit + 1).getResultList();
        boolean more = rows.size() > limit;
        List<View> views = rows.stream().limit(limit)
                .map(n -> new View(n.getSeq(), n.getType(), n.getCreatedAt(), parse(n.getData()))).toList();
        return new Page(views, more);
    }

    /** A hard-deleted user's notices and counter. */
    @Transactional
    public void forgetUser(String appKey, String userId) {
        em.createQuery("DELETE FROM Notice n WHERE n.appKey = :a AND n.userId = :u")
                .setParameter("a", appKey).setParameter("u", userId).executeUpdate();
        em.createQuery("DELETE FROM NoticeSeq s WHERE s.appKey = :a AND s.userId = :u")
                .setParameter("a", appKey).setParameter("u", userId).executeUpdate();
    }

    static JsonObject json(long seq, String type, long createdAt, JsonObject data) {
        return Json.createObjectBuilder().add("seq", seq).add("type", type).add("createdAt", createdAt)
                .add("data", data).build();
    }

    private static JsonObject parse(String text) {
        try (var r = Json.createReader(new StringReader(text))) {
            return r.readObject();
        }
    }
}
