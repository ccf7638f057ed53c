package com.xuqinmin.im.gateway;

import com.xuqinmin.im.account.PushDevices;
import com.xuqinmin.im.delivery.MessageStored;
import com.xuqinmin.im.platform.Json;
import com.xuqinmin.im.platform.Tx;
import com.xuqinmin.im.webhook.HookEvent;
import com.xuqinmin.im.webhook.Outbox;
import com.xuqinmin.im.webhook.Outbox.Pushed;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code offlinePush} webhook event: a message stored for a user who has no session anywhere
 * (as {@link Presence} knows it) becomes one event per such recipient, with the devices the user
 * registered, for the tenant's own push service. Only the node that stored the message does it
 * (events from peers are not observed), and off the lane: the lane pays one cache lookup, for
 * apps that did not enable the event nothing more.
 */
@ApplicationScoped
public class OfflinePush {

    private static final Logger LOG = Logger.getLogger(OfflinePush.class.getName());

    @Inject
    Outbox outbox;

    @Inject
    Presence presence;

    @Inject
    PushDevices devices;

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    Tx tx;

    @Resource
    ManagedExecutorService executor;

    void onStored(@Observes @Default MessageStored m) {
        if (!outbox.wants(m.appKey(), HookEvent.OFFLINE_PUSH)) {
            return;
        }
        try {
            executor.execute(() -> push(m));
        } catch (RejectedExecutionException e) {
            LOG.warning(() -> "offline push of " + m.conversationId() + ":" + m.seq() + " skipped: " + e.getMessage());
        }
    }

    private void push(MessageStored m) {
        try {
            List<String> recipients = new ArrayList<>();
            if (m.group()) {
                for (String u : tx.call(() -> em.createQuery("SELECT g.userId FROM GroupMember g "
                        + "WHERE g.appKey = :a AND g.groupId = :g", String.class).setParameter("a", m.appKey())
                        .setParameter("g", m.toId()).getResultList())) {
                    if (!u.equals(m.fromId())) {
                        recipients.add(u);
                    }
                }
            } else if (!m.toId().equals(m.fromId())) {
                recipients.add(m.toId());
            }
            List<Pushed> offline = new ArrayList<>();
            for (String u : recipients) {
                if (presence.sessionsOf(m.appKey(), u).isEmpty()) {
                    StringBuilder sb = new StringBuilder(256 + m.json().length()).append('{');
                    Json.field(sb, "userId", u);
                    sb.append(",\"devices\":[");
                    boolean first = true;
                    for (PushDevices.Device d : devices.of(m.appKey(), u)) {
                        sb.append(first ? "" : ",").append('{');
                        first = false;
                        Json.field(sb, "deviceId", d.deviceId());
                        Json.field(sb, "platform", d.platform());
                        Json.field(sb, "pushToken", d.pushToken());
                        sb.append('}');
                    }
                    sb.append("],\"message\":").append(m.json());
                    offline.add(new Pushed(u, sb.substring(1)));
                }
            }
            if (!offline.isEmpty()) {
                outbox.addAll(m.appKey(), HookEvent.OFFLINE_PUSH, offline);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "offline push of " + m.conversationId() + ":" + m.seq() + " failed", e);
        }
    }
}
