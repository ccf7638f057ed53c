package com.xuqinmin.im.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/** The outbox worker's transactions: claiming due events, and recording how their delivery went. */
@ApplicationScoped
public class OutboxStore {

    /**
     * Due events, oldest first, whose key has no earlier event still waiting for a retry or held by
     * another worker (so a conversation's events go out in order). On PostgreSQL the rows are locked
     * and rows another worker is claiming at the same moment skipped.
     */
    static final String DUE = "SELECT o.id FROM im_webhook_outbox o WHERE o.status = 'PENDING' AND o.next_at <= ?1 "
            + "AND NOT EXISTS (SELECT 1 FROM im_webhook_outbox p WHERE p.order_key = o.order_key "
            + "AND p.status = 'PENDING' AND p.id < o.id AND p.next_at > ?2) ORDER BY o.id";

    @PersistenceContext(unitName = "im")
    EntityManager em;

    /**
     * Claims up to {@code limit} due events for {@code leaseMillis}: nobody else takes them until
     * then, and if this node dies while delivering, another takes them after (at least once).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<OutboxEvent> claim(long now, int limit, long leaseMillis, boolean postgres) {
        var q = em.createNativeQuery(DUE + (postgres ? " LIMIT " + limit + " FOR UPDATE OF o SKIP LOCKED" : ""))
                .setParameter(1, now).setParameter(2, now);
        if (!postgres) {
            q.setMaxResults(limit); // one node (the embedded database): nobody to skip
        }
        List<String> ids = new java.util.ArrayList<>();
        for (Object id : q.getResultList()) {
            ids.add((String) id);
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        em.createQuery("UPDATE OutboxEvent e SET e.nextAt = :lease WHERE e.id IN :ids")
                .setParameter("lease", now + leaseMillis).setParameter("ids", ids).executeUpdate();
        return em.createQuery("SELECT e FROM OutboxEvent e WHERE e.id IN :ids ORDER BY e.id", OutboxEvent.class)
                .setParameter("ids", ids).getResultList();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void delivered(List<String> ids) {
        if (!ids.isEmpty()) {
            em.createQuery("UPDATE OutboxEvent e SET e.status = 'DELIVERED', e.attempts = e.attempts + 1 "
                    + "WHERE e.id IN :ids").setParameter("ids", ids).executeUpdate();
        }
    }

    /** A failed try: the next one at {@code nextAt}, or none (FAILED) when {@code giveUp}. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void failed(String id, long nextAt, boolean giveUp) {
        em.createQuery("UPDATE OutboxEvent e SET e.attempts = e.attempts + 1, e.nextAt = :n, e.status = :s "
                        + "WHERE e.id = :id").setParameter("n", nextAt)
                .setParameter("s", giveUp ? OutboxEvent.Status.FAILED.name() : OutboxEvent.Status.PENDING.name())
                .setParameter("id", id).executeUpdate();
    }

    /** Gives a claimed event back untried: due again at {@code nextAt}. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void release(String id, long nextAt) {
        em.createQuery("UPDATE OutboxEvent e SET e.nextAt = :n WHERE e.id = :id").setParameter("n", nextAt)
                .setParameter("id", id).executeUpdate();
    }

    /** Forgets events done with (delivered or given up on) before {@code before}. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int prune(long before) {
        return em.createQuery("DELETE FROM OutboxEvent e WHERE e.status <> 'PENDING' AND e.createdAt < :t")
                .setParameter("t", before).executeUpdate();
    }

    /** One event as the API shows it. */
    public record Pending(String eventId, String event, String status, int attempts, long createdAt, long nextAt) {
    }

    /** The app's events, newest first; {@code status} narrows. */
    @Transactional
    public List<Pending> list(String appKey, String status, int limit) {
        var q = em.createQuery("SELECT e FROM OutboxEvent e WHERE e.appKey = :k"
                + (status == null ? "" : " AND e.status = :s") + " ORDER BY e.id DESC", OutboxEvent.class)
                .setParameter("k", appKey);
        if (status != null) {
            q.setParameter("s", status);
        }
        return q.setMaxResults(limit).getResultStream().map(e -> new Pending(e.getId(), e.getEvent(), e.getStatus(),
                e.getAttempts(), e.getCreatedAt(), e.getNextAt())).toList();
    }
}
