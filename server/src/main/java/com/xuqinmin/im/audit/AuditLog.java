package com.xuqinmin.im.audit;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.Ulids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * The audit log: records the state-changing calls of the server API and the consoles (the edge
 * decides which; only who, what, target, when, address and outcome — never a body, a header or a
 * secret) and answers queries by app, tenant, time, actor and action.
 */
@ApplicationScoped
public class AuditLog {

    public static final int LIMIT_MAX = 500;

    @PersistenceContext(unitName = "im")
    EntityManager em;

    /** One entry as the API shows it. */
    public record Entry(String id, long at, String appKey, Long tenantId, String actor, String action, String target,
            String address, int status, String error, String requestId) {
    }

    /** What to look for; a null field does not narrow. {@code action} matches as a prefix. */
    public record Query(String appKey, Long tenantId, Long from, Long to, String actor, String action, Integer limit) {
    }

    /** Records a call, in a transaction of its own (whatever became of the call's). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(String appKey, Long tenantId, String actor, String action, String target, String address,
            int status, String error, String requestId) {
        em.persist(new AuditEntry(Ulids.next(), System.currentTimeMillis(), appKey, tenantId, actor, action, target,
                address, status, error, requestId));
    }

    /** The entries that match, newest first. */
    @Transactional
    public List<Entry> find(Query q) {
        int limit = q.limit() == null ? 100 : q.limit();
        if (limit < 1 || limit > LIMIT_MAX) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "limit must be 1 to " + LIMIT_MAX);
        }
        StringBuilder jpql = new StringBuilder("SELECT e FROM AuditEntry e WHERE 1 = 1");
        if (q.appKey() != null) {
            jpql.append(" AND e.appKey = :app");
        }
        if (q.tenantId() != null) {
            jpql.append(" AND e.tenantId = :tenant");
        }
        if (q.from() != null) {
            jpql.append(" AND e.at >= :from");
        }
        if (q.to() != null) {
            jpql.append(" AND e.at < :to");
        }
        if (q.actor() != null) {
            jpql.append(" AND e.actor = :actor");
        }
        if (q.action() != null) {
            jpql.append(" AND e.action LIKE :action ESCAPE '\\'");
        }
        var query = em.createQuery(jpql.append(" ORDER BY e.id DESC").toString(), AuditEntry.class);
        if (q.appKey() != null) {
            query.setParameter("app", q.appKey());
        }
        if (q.tenantId() != null) {
            query.setParameter("tenant", q.tenantId());
        }
        if (q.from() != null) {
            query.setParameter("from", q.from());
        }
        if (q.to() != null) {
            query.setParameter("to", q.to());
        }
        if (q.actor() != null) {
            query.setParameter("actor", q.actor());
        }
        if (q.action() != null) {
            query.setParameter("action", q.action().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        return query.setMaxResults(limit).getResultStream().map(e -> new Entry(e.getId(), e.getAt(), e.getAppKey(),
                e.getTenantId(), e.getActor(), e.getAction(), e.getTarget(), e.getAddress(), e.getStatus(),
                e.getError(), e.getRequestId())).toList();
    }
}
