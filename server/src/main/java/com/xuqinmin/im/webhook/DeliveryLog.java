package com.xuqinmin.im.webhook;

import com.xuqinmin.im.platform.Ulids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The per-app log of delivery attempts. Attempts are noted in memory by whoever made them (an HTTP
 * client thread: no database work there) and written in batches by the outbox worker's tick; the
 * log keeps {@link #KEEP_MILLIS} of history.
 */
@ApplicationScoped
public class DeliveryLog {

    private static final Logger LOG = Logger.getLogger(DeliveryLog.class.getName());

    /** Attempts waiting to be written, at most; beyond, they are counted and dropped. */
    static final int PENDING_MAX = 10_000;
    /** How long attempts are kept: 7 days. */
    static final long KEEP_MILLIS = 7L * 86_400_000;

    @PersistenceContext(unitName = "im")
    EntityManager em;

    private final ConcurrentLinkedQueue<Attempt> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private volatile long lastPrune;

    /** One attempt as the API shows it. */
    public record Entry(String eventId, String event, long attemptedAt, Integer httpStatus, String outcome,
            long latencyMs, String error) {
    }

    void note(String appKey, String eventId, HookEvent event, long at, Integer status, Attempt.Outcome outcome,
            long latencyMillis, String error) {
        if (size.incrementAndGet() > PENDING_MAX) {
            size.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        pending.add(new Attempt(Ulids.next(), appKey, eventId, event.wire(), at, status, outcome, latencyMillis, error));
    }

    /** Writes what was noted; called by the worker outside any transaction. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void flush() {
        Attempt a;
        int n = 0;
        while (n < 1000 && (a = pending.poll()) != null) {
            size.decrementAndGet();
            em.persist(a);
            n++;
        }
        int lost = dropped.getAndSet(0);
        if (lost > 0) {
            LOG.warning(() -> lost + " webhook delivery attempts were not logged (more than " + PENDING_MAX
                    + " waiting)");
        }
        long now = System.currentTimeMillis();
        if (now - lastPrune > 60_000) {
            lastPrune = now;
            em.createQuery("DELETE FROM Attempt a WHERE a.attemptedAt < :t").setParameter("t", now - KEEP_MILLIS)
                    .executeUpdate();
        }
    }

    /** The app's last {@code limit} attempts, newest first; {@code eventId} narrows to one event. */
    @Transactional
    public List<Entry> last(String appKey, String eventId, int limit) {
        String q = "SELECT a FROM Attempt a WHERE a.appKey = :k" + (eventId == null ? "" : " AND a.eventId = :e")
                + " ORDER BY a.id DESC";
        var query = em.createQuery(q, Attempt.class).setParameter("k", appKey);
        if (eventId != null) {
            query.setParameter("e", eventId);
        }
        List<Entry> out = new ArrayList<>();
        for (Attempt a : query.setMaxResults(limit).getResultList()) {
            out.add(new Entry(a.getEventId(), a.getEvent(), a.getAttemptedAt(), a.getHttpStatus(), a.getOutcome(),
                    a.getLatencyMillis(), a.getError()));
        }
        return out;
    }
}
