package com.xuqinmin.im.webhook;

import com.xuqinmin.im.platform.Json;
import com.xuqinmin.im.platform.Ulids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * Writes after-events into the outbox, in the transaction of the fact they report (a message's
 * group commit, a revoke): the event exists exactly when the fact does. Only apps that enabled the
 * event pay for the row; for the others {@link #wants} is one cache hit.
 */
@ApplicationScoped
public class Outbox {

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    Hooks hooks;

    /** Whether the app wants {@code e} delivered. */
    public boolean wants(String appKey, HookEvent e) {
        return hooks.enabled(appKey, e) != null;
    }

    /**
     * Adds an event to the outbox in the caller's transaction. {@code orderKey}: the events of one
     * key (a conversation, a user) are delivered in the order they were added; {@code fields}: the
     * JSON members after the common ones, e.g. {@code "message":{...}}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void add(String appKey, HookEvent e, String orderKey, String fields) {
        String id = Ulids.next();
        long now = System.currentTimeMillis();
        StringBuilder sb = new StringBuilder(96 + fields.length());
        sb.append('{');
        Json.field(sb, "event", e.wire());
        Json.field(sb, "appKey", appKey);
        Json.field(sb, "eventId", id);
        Json.field(sb, "timestamp", now);
        sb.append(',').append(fields).append('}');
        em.persist(new OutboxEvent(id, appKey, e.wire(), appKey + '|' + orderKey, sb.toString(), now));
    }

    /** One recipient's offline push: the user (the event's order key) and the event's fields. */
    public record Pushed(String userId, String fields) {
    }

    /** Adds one event per recipient in a transaction of its own (after the fact's commit). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void addAll(String appKey, HookEvent e, java.util.List<Pushed> events) {
        for (Pushed p : events) {
            add(appKey, e, "u:" + p.userId(), p.fields());
        }
    }
}
