package com.xuqinmin.im.gateway;

import com.xuqinmin.im.account.PushDevices;
import com.xuqinmin.im.chat.ConversationService;
import com.xuqinmin.im.chat.ConversationSettings;
import com.xuqinmin.im.delivery.MessageStored;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.Json;
import com.xuqinmin.im.platform.QuietLog;
import com.xuqinmin.im.platform.Tx;
import com.xuqinmin.im.push.Pusher;
import com.xuqinmin.im.webhook.HookEvent;
import com.xuqinmin.im.webhook.Outbox;
import com.xuqinmin.im.webhook.Outbox.Pushed;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Offline push: a message stored for a user who has no session anywhere (as {@link Presence} knows
 * it) and who did not mute the conversation is told to the user's devices, through the app's push
 * providers ({@link Pusher}: APNs, FCM) and, when the app enabled it, as the {@code offlinePush}
 * webhook event for the tenant's own push service. Only the node that stored the message does it
 * (events from peers are not observed), and off the lane and outside any transaction: the lane pays
 * one or two cache lookups and a hand-over to a bounded pool of workers ({@code IM_PUSH_WORKERS},
 * queue {@code IM_PUSH_QUEUE}); when the queue is full the push is dropped and counted, and the
 * drops and failures are logged once a minute.
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

    @Inject
    Pusher pusher;

    @Inject
    ConversationSettings conversationSettings;

    @Inject
    ConversationService conversations;

    @Inject
    ImConfig config;

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    Tx tx;

    @Resource
    ManagedThreadFactory threadFactory;

    private ThreadPoolExecutor workers;
    private final QuietLog dropped = new QuietLog(LOG, 60_000);
    private final QuietLog failed = new QuietLog(LOG, 60_000);

    @PostConstruct
    void start() {
        workers = new ThreadPoolExecutor(config.pushWorkers(), config.pushWorkers(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.pushQueue()), threadFactory, new ThreadPoolExecutor.AbortPolicy());
        workers.allowCoreThreadTimeOut(true);
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    void onStored(@Observes @Default MessageStored m) {
        boolean hook = outbox.wants(m.appKey(), HookEvent.OFFLINE_PUSH);
        boolean providers = pusher.configured(m.appKey());
        if (!hook && !providers) {
            return;
        }
        try {
            workers.execute(() -> push(m, hook, providers));
        } catch (RejectedExecutionException e) {
            dropped.warn("offline push queue full (IM_PUSH_QUEUE " + config.pushQueue() + "): the push of "
                    + m.conversationId() + ":" + m.seq() + " was dropped");
        }
    }

    private void push(MessageStored m, boolean hook, boolean providers) {
        try {
            List<String> recipients = new ArrayList<>();
            String groupName = null;
            if (m.group()) {
                for (String u : tx.call(() -> em.createQuery("SELECT g.userId FROM GroupMember g "
                        + "WHERE g.appKey = :a AND g.groupId = :g", String.class).setParameter("a", m.appKey())
                        .setParameter("g", m.toId()).getResultList())) {
                    if (!u.equals(m.fromId())) {
                        recipients.add(u);
                    }
                }
                groupName = tx.call(() -> em.createQuery("SELECT g.name FROM ChatGroup g WHERE g.appKey = :a "
                        + "AND g.groupId = :g", String.class).setParameter("a", m.appKey()).setParameter("g", m.toId())
                        .getResultStream().findFirst().orElse(null));
            } else if (!m.toId().equals(m.fromId())) {
                recipients.add(m.toId());
            }
            List<String> offline = new ArrayList<>();
            for (String u : recipients) {
                if (presence.sessionsOf(m.appKey(), u).isEmpty()) {
                    offline.add(u);
                }
            }
            if (offline.isEmpty()) {
                return;
            }
            Set<String> muted = conversationSettings.mutedBy(m.appKey(), m.conversationId(), offline);
            offline.removeIf(muted::contains);
            if (offline.isEmpty()) {
                return;
            }
            List<Pushed> events = new ArrayList<>();
            Pusher.Message message = providers ? message(m, groupName) : null;
            for (String u : offline) {
                List<PushDevices.Device> mine = devices.of(m.appKey(), u);
                if (hook) {
                    events.add(new Pushed(u, event(u, mine, m)));
                }
                if (providers && mine.stream().anyMatch(d -> pusher.covers(m.appKey(), d.platform()))) {
                    pusher.push(m.appKey(), u, mine, message, conversations.totalUnread(m.appKey(), u));
                }
            }
            if (!events.isEmpty()) {
                outbox.addAll(m.appKey(), HookEvent.OFFLINE_PUSH, events);
            }
        } catch (RuntimeException e) {
            failed.warn("offline push of " + m.conversationId() + ":" + m.seq() + " failed: " + e);
        }
    }

    private Pusher.Message message(MessageStored m, String groupName) {
        JsonObject o = Json.parseObject(m.json().getBytes(StandardCharsets.UTF_8));
        // a list, not findFirst(): a sender without a nickname is a row holding null
        List<String> nicknames = tx.call(() -> em.createQuery("SELECT u.nickname FROM ImUser u WHERE u.appKey = :a "
                + "AND u.userId = :u", String.class).setParameter("a", m.appKey()).setParameter("u", m.fromId())
                .setMaxResults(1).getResultList());
        String nickname = nicknames.isEmpty() ? null : nicknames.get(0);
        return new Pusher.Message(m.conversationId(), Json.string(o, "id"), m.fromId(), nickname, groupName,
                Json.string(o, "msgType"), Json.string(o, "content"));
    }

    /** The {@code offlinePush} event's fields: the user, its devices, the message. */
    private static String event(String userId, List<PushDevices.Device> mine, MessageStored m) {
        StringBuilder sb = new StringBuilder(256 + m.json().length()).append('{');
        Json.field(sb, "userId", userId);
        sb.append(",\"devices\":[");
        boolean first = true;
        for (PushDevices.Device d : mine) {
            sb.append(first ? "" : ",").append('{');
            first = false;
            Json.field(sb, "deviceId", d.deviceId());
            Json.field(sb, "platform", d.platform());
            Json.field(sb, "pushToken", d.pushToken());
            sb.append('}');
        }
        sb.append("],\"message\":").append(m.json());
        return sb.substring(1);
    }
}
