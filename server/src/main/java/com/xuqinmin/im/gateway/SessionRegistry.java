package com.xuqinmin.im.gateway;

import com.xuqinmin.im.account.AppInfo;
import com.xuqinmin.im.account.Apps;
import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.chat.CursorTracker;
import com.xuqinmin.im.chat.Message;
import com.xuqinmin.im.chat.MessageJson;
import com.xuqinmin.im.chat.StoredMessage;
import com.xuqinmin.im.chat.SyncPage;
import com.xuqinmin.im.delivery.AppChanged;
import com.xuqinmin.im.delivery.NoticeStored;
import com.xuqinmin.im.delivery.ConversationRead;
import com.xuqinmin.im.delivery.GroupDismissed;
import com.xuqinmin.im.delivery.MemberLeft;
import com.xuqinmin.im.delivery.MessageOrder;
import com.xuqinmin.im.delivery.MessageEdited;
import com.xuqinmin.im.delivery.MessageRevoked;
import com.xuqinmin.im.delivery.MessageStored;
import com.xuqinmin.im.delivery.PresenceChanged;
import com.xuqinmin.im.delivery.Typing;
import com.xuqinmin.im.delivery.SessionsKicked;
import com.xuqinmin.im.delivery.UserKicked;
import com.xuqinmin.im.social.FriendService;
import jakarta.enterprise.event.Event;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.notice.NoticeService;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.ImMetrics;
import com.xuqinmin.im.stomp.SharedMessage;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import com.xuqinmin.im.webhook.PresenceHooks;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's sessions, indexed by user and by route (a personal queue or a group topic), so a
 * delivery finds its sessions with one map lookup. It observes the events of {@code delivery} (one
 * method per fact, fired on this node or by another node through the cluster bus) and writes to the
 * sessions they concern, and it runs the heart-beat checks and each connection's CONNECT deadline.
 */
@ApplicationScoped
public class SessionRegistry {

    private static final Logger LOG = Logger.getLogger(SessionRegistry.class.getName());
    private static final long SWEEP_MILLIS = 250;
    private static final int DEADLINE_CLOSERS = 2;

    @Inject
    ImConfig config;

    @Inject
    CursorTracker tracker;

    @Inject
    Presence presence;

    @Inject
    PresenceHooks presenceHooks;

    @Inject
    FriendService friends;

    @Inject
    Event<PresenceChanged> presenceChanged;

    @Inject
    ImMetrics metrics;

    @Inject
    MessageOrder order;

    @Inject
    PendingConnections pending;

    @Inject
    Apps apps;

    @Inject
    Event<SessionsKicked> sessionsKicked;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final ConcurrentHashMap<String, Connection> all = new ConcurrentHashMap<>();
    // a user's sessions and a personal queue's subscribers are mostly one or two: their sets start at
    // the smallest table (a group topic's grows with its members)
    private final ConcurrentHashMap<String, Set<Connection>> byUser = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<Connection>> byRoute = new ConcurrentHashMap<>();
    private ScheduledFuture<?> sweeper;
    // the closes of connections past their CONNECT deadline (their ERROR already written), and how
    // many tasks are running them
    private final ConcurrentLinkedQueue<Runnable> lateToClose = new ConcurrentLinkedQueue<>();
    private final AtomicInteger closers = new AtomicInteger();

    @PostConstruct
    void start() {
        metrics.gauge("im.connections", "WebSocket connections open on this node", this::connectionCount);
        metrics.gauge("im.connections.pending", "WebSocket connections on this node that have not sent CONNECT yet",
                pending::count);
        sweeper = scheduler.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        order.deliverTo(this::deliverStored);
    }

    @PreDestroy
    void stop() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
    }

    // ------------------------------------------------------------------ membership

    /**
     * Registers a new connection and sets its CONNECT deadline: a task of its own on the scheduler, so
     * it fires on time however many others fire with it. At the deadline the ERROR is written at
     * once; the sockets' closes that follow are run by at most {@link #DEADLINE_CLOSERS} tasks at
     * once: closing one may block its thread in the container for a while, and the scheduler's
     * threads are the ones that serve requests too.
     */
    void opened(Connection c) {
        all.put(c.id(), c);
        long timeout = config.connectTimeoutMillis();
        c.connectDeadline(scheduler.schedule(() -> {
            if (c.state() == Connection.State.OPEN) {
                // its place among the connections waiting for CONNECT is held until the close has run,
                // so the closes waiting for a closer are never more than the cap on those places
                c.keepPendingPlace();
                c.closeAfter(StompErrors.error(ErrorCode.NOT_CONNECTED, "no CONNECT frame within " + timeout + " ms",
                        null), new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "connect timeout"),
                        close -> closeLate(() -> {
                            try {
                                close.run();
                            } finally {
                                c.stopWaitingForConnect();
                            }
                        }));
            }
        }, timeout, TimeUnit.MILLISECONDS));
    }

    /** Runs a late connection's close, by one of at most {@link #DEADLINE_CLOSERS} tasks. */
    private void closeLate(Runnable close) {
        lateToClose.add(close);
        drainLateCloses();
    }

    private void drainLateCloses() {
        if (closers.incrementAndGet() > DEADLINE_CLOSERS) {
            closers.decrementAndGet();
            return; // the running closers take it
        }
        try {
            for (Runnable close; (close = lateToClose.poll()) != null;) {
                try {
                    close.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "close of a late connection failed", e);
                }
            }
        } finally {
            closers.decrementAndGet();
        }
        if (!lateToClose.isEmpty()) {
            scheduler.execute(this::drainLateCloses); // one came in as this closer was leaving
        }
    }

    /** Indexes a connection under its user; closes the user's oldest sessions beyond the limit. */
    void connected(Connection c) {
        c.stopWaitingForConnect();
        Identity who = c.identity();
        Set<Connection> mine = byUser.computeIfAbsent(userKey(who), k -> ConcurrentHashMap.newKeySet(1));
        mine.add(c);
        presence.connected(c);
        presenceChange(who, c, true);
        applyDevicePolicy(c);
        int max = config.sessionsPerUser();
        if (mine.size() > max) {
            List<Connection> sessions = new ArrayList<>(mine);
            sessions.remove(c);
            sessions.sort(Comparator.comparingLong(Connection::connectedAtMillis));
            for (int i = 0; i < sessions.size() - (max - 1); i++) {
                kick(sessions.get(i), "too many sessions: at most " + max + " per user");
            }
        }
    }

    void subscribed(Connection c, String route) {
        byRoute.computeIfAbsent(route, k -> ConcurrentHashMap.newKeySet(1)).add(c);
    }

    void unsubscribed(Connection c, String route) {
        Set<Connection> s = byRoute.get(route);
        if (s != null) {
            s.remove(c);
            if (s.isEmpty()) {
                byRoute.remove(route, s);
            }
        }
    }

    /** Forgets a closed connection everywhere, and flushes its device's cursors when it was the last. */
    void closed(Connection c) {
        c.closed();
        c.stopWaitingForConnect();
        if (all.remove(c.id()) == null) {
            return;
        }
        for (Subscription s : c.subscriptions().all()) {
            unsubscribed(c, s.routeKey());
        }
        Identity who = c.identity();
        if (who == null) {
            return;
        }
        presence.closed(c);
        Set<Connection> mine = byUser.get(userKey(who));
        boolean deviceStillHere = false;
        if (mine != null) {
            mine.remove(c);
            for (Connection o : mine) {
                deviceStillHere |= o.deviceId().equals(c.deviceId());
            }
            if (mine.isEmpty()) {
                byUser.remove(userKey(who), mine);
            }
        }
        // Open Liberty calls the endpoint's onClose before it writes the close frame, on the closing
        // thread: what may block (a database write, the webhook outbox) runs after, off that thread,
        // or a DISCONNECT's close would wait for the cursor flush (seconds under load)
        left.add(new Left(who, c, !deviceStillHere));
        drainLeft();
    }

    /** A closed session whose aftermath (userOffline, its device's cursors) is still to be done. */
    private record Left(Identity who, Connection c, boolean lastOfDevice) {
    }

    // closed sessions waiting for their aftermath, drained by one task at a time whose cursor flush covers
    // all the devices it takes. Bounded without a cap of its own: an entry is added only by the close that
    // takes a connection out of `all` (once per connection), so under any overload it holds at most as
    // many entries as there were open sessions, themselves bounded by the open-file limit and
    // IM_SESSIONS_PER_USER; its entries are small and the task takes all of them at each pass
    private final ConcurrentLinkedQueue<Left> left = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean leftDraining = new java.util.concurrent.atomic.AtomicBoolean();

    private void drainLeft() {
        if (!leftDraining.compareAndSet(false, true)) {
            return; // the running task takes it
        }
        try {
            scheduler.execute(this::afterClosed);
        } catch (RuntimeException e) {
            // stopping: do it here
            afterClosed();
        }
    }

    private void afterClosed() {
        try {
            List<Left> batch = new ArrayList<>();
            for (Left l; (l = left.poll()) != null;) {
                batch.add(l);
            }
            List<CursorTracker.Device> devices = new ArrayList<>();
            for (Left l : batch) {
                presenceChange(l.who(), l.c(), false);
                if (l.lastOfDevice()) {
                    devices.add(new CursorTracker.Device(l.who().appKey(), l.who().userId(), l.c().deviceId()));
                }
            }
            try {
                tracker.devicesGone(devices, d -> !deviceHere(d));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not save the cursors of " + devices.size() + " devices that left", e);
            }
        } finally {
            leftDraining.set(false);
        }
        if (!left.isEmpty()) {
            drainLeft(); // one came in as this task was leaving
        }
    }

    /** Whether a session of the device is open on this node. */
    private boolean deviceHere(CursorTracker.Device d) {
        Set<Connection> mine = byUser.get(d.appKey() + '\u0000' + d.userId());
        if (mine != null) {
            for (Connection o : mine) {
                if (d.deviceId().equals(o.deviceId())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * When this is the user's only session (it just came online), or the user has none left (it just
     * went offline), on every node as far as {@link Presence} knows: the change goes to the user's
     * friends' {@code /user/queue/presence} on every node ({@link PresenceChanged}), and the
     * userOnline / userOffline webhook event to apps that want it. Two nodes connecting the same user
     * at the same instant may each see the other's session (no event) or neither (two events).
     */
    private void presenceChange(Identity who, Connection c, boolean online) {
        boolean changed;
        try {
            List<Presence.Session> sessions = presence.sessionsOf(who.appKey(), who.userId());
            // online: no session but this one; offline: this one is already gone from the list
            changed = sessions.stream().allMatch(s -> s.sessionId().equals(c.id()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not read the presence of " + who.userId(), e);
            return;
        }
        if (!changed) {
            return;
        }
        try {
            List<String> audience = friends.presenceAudience(who.appKey(), who.userId());
            if (!audience.isEmpty()) {
                StringBuilder sb = new StringBuilder(96).append('{');
                com.xuqinmin.im.platform.Json.field(sb, "userId", who.userId());
                com.xuqinmin.im.platform.Json.field(sb, "online", online);
                com.xuqinmin.im.platform.Json.field(sb, "at", System.currentTimeMillis());
                presenceChanged.fire(new PresenceChanged(who.appKey(), who.userId(), online, audience,
                        sb.append('}').toString()));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not tell the friends of " + who.userId() + " it went "
                    + (online ? "online" : "offline"), e);
        }
        if (!presenceHooks.wants(who.appKey(), online)) {
            return;
        }
        try {
            presenceHooks.changed(who.appKey(), who.userId(), c.deviceId(), online);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not record the " + (online ? "userOnline" : "userOffline") + " event of "
                    + who.userId(), e);
        }
    }

    /** The sessions of a user on this node. */
    public List<Connection> sessionsOf(String appKey, String userId) {
        Set<Connection> s = byUser.get(appKey + '\u0000' + userId);
        return s == null ? List.of() : new ArrayList<>(s);
    }

    public int connectionCount() {
        return all.size();
    }

    /** Every connection of this node that finished CONNECT. */
    public List<Connection> connectedSessions() {
        List<Connection> out = new ArrayList<>();
        for (Connection c : all.values()) {
            if (c.isConnected()) {
                out.add(c);
            }
        }
        return out;
    }

    private static String userKey(Identity who) {
        return who.appKey() + '\u0000' + who.userId();
    }

    // ------------------------------------------------------------------ delivery

    /** A stored message: on to its sessions once the messages before it in its conversation have gone. */
    void onStored(@Observes MessageStored m) {
        order.offer(m);
    }

    /** The message is encoded once for all the sessions it goes to (see {@link SharedMessage}). */
    private void deliverStored(MessageStored m) {
        if (m.group()) {
            toGroup(m.appKey(), m.toId(), m.json(), m.conversationId(), m.seq(), false, m.createdAt());
        } else {
            toPeers(m.appKey(), m.fromId(), m.toId(), m.json(), m.conversationId(), m.seq(), false, m.originSession(),
                    m.createdAt());
        }
    }

    /** A revoke notice goes where its message went; it is not numbered, so it never waits for order. */
    void onRevoked(@Observes MessageRevoked r) {
        if (r.group()) {
            toGroup(r.appKey(), r.toId(), r.json(), r.conversationId(), r.seq(), true, 0);
        } else {
            toPeers(r.appKey(), r.fromId(), r.toId(), r.json(), r.conversationId(), r.seq(), true, r.originSession(), 0);
        }
    }

    /** An EDITED notice goes where its message went, as a revoke's does. */
    void onEdited(@Observes MessageEdited e) {
        if (e.group()) {
            toGroup(e.appKey(), e.toId(), e.json(), e.conversationId(), e.seq(), true, 0);
        } else {
            toPeers(e.appKey(), e.fromId(), e.toId(), e.json(), e.conversationId(), e.seq(), true, e.originSession(), 0);
        }
    }

    /** A READ notice to the personal queues of those it concerns, except the session that read. */
    void onRead(@Observes ConversationRead r) {
        SharedMessage notice = json(Destinations.USER_MESSAGES, r.json());
        for (String user : r.recipients()) {
            for (Connection c : routed(Destinations.userRoute(r.appKey(), user, Destinations.USER_MESSAGES))) {
                if (!c.id().equals(r.originSession())) {
                    c.deliver(notice, null, 0, true);
                }
            }
        }
    }

    /** Whether a session of the user on this node subscribed to {@code /user/queue/messages}. */
    boolean hearsMessages(String appKey, String userId) {
        return !routed(Destinations.userRoute(appKey, userId, Destinations.USER_MESSAGES)).isEmpty();
    }

    /** A transient JSON body (not numbered, never synced) to the user's sessions here on {@code /user/queue/messages}. */
    void toUserMessages(String appKey, String userId, String json) {
        SharedMessage body = json(Destinations.USER_MESSAGES, json);
        for (Connection c : routed(Destinations.userRoute(appKey, userId, Destinations.USER_MESSAGES))) {
            c.deliver(body, null, 0, true);
        }
    }

    /**
     * A notice to the user's sessions subscribed to {@code /user/queue/notices}, on every node. It is
     * numbered like a message of the user's notice "conversation" ({@link NoticeService#CURSOR}): a
     * session never gets one twice (live and by sync), and what a device received moves its notice
     * cursor, from which its next {@code chat.sync} continues.
     */
    void onNotice(@Observes(during = TransactionPhase.AFTER_SUCCESS) NoticeStored n) {
        Set<Connection> to = routed(Destinations.userRoute(n.appKey(), n.userId(), Destinations.USER_NOTICES));
        if (to.isEmpty()) {
            return;
        }
        SharedMessage notice = json(Destinations.USER_NOTICES, n.json());
        for (Connection c : to) {
            c.deliver(notice, NoticeService.CURSOR, n.seq(), false);
        }
    }

    /**
     * A typing signal to the other side's sessions subscribed to {@code /user/queue/typing}: the
     * receiver's, or, in a group, those of the members whose sessions here subscribed to its topic,
     * except the typist's own.
     */
    void onTyping(@Observes Typing t) {
        SharedMessage signal = json(Destinations.USER_TYPING, t.json());
        if (!t.group()) {
            for (Connection c : routed(Destinations.userRoute(t.appKey(), t.toId(), Destinations.USER_TYPING))) {
                c.deliver(signal, null, 0, true);
            }
            return;
        }
        for (Connection c : routed(Destinations.groupRoute(t.appKey(), t.toId()))) {
            Identity who = c.identity();
            if (who != null && !who.userId().equals(t.fromId())) {
                c.deliver(signal, null, 0, true);
            }
        }
    }

    /** A friend came online or went offline: to the friends' sessions here subscribed to {@code /user/queue/presence}. */
    void onPresence(@Observes PresenceChanged p) {
        SharedMessage change = json(Destinations.USER_PRESENCE, p.json());
        for (String friend : p.friends()) {
            for (Connection c : routed(Destinations.userRoute(p.appKey(), friend, Destinations.USER_PRESENCE))) {
                c.deliver(change, null, 0, true);
            }
        }
    }

    /**
     * The app's device policy ({@link AppInfo.DevicePolicy}): a new session closes the user's older
     * sessions, on any node, that it does not fit with. Only older ones: of two sessions connecting at
     * once on two nodes, the later one stays, whichever node sees the other first.
     */
    private void applyDevicePolicy(Connection c) {
        Identity who = c.identity();
        AppInfo.DevicePolicy policy = apps.find(who.appKey()).map(AppInfo::devicePolicy).orElse(AppInfo.DevicePolicy.MULTI);
        if (policy == AppInfo.DevicePolicy.MULTI) {
            return;
        }
        Platform mine = c.platform();
        List<String> older = new ArrayList<>();
        for (Presence.Session s : presence.sessionsOf(who.appKey(), who.userId())) {
            if (s.sessionId().equals(c.id()) || s.connectedAt() > c.connectedAtMillis()
                    || s.connectedAt() == c.connectedAtMillis() && s.sessionId().compareTo(c.id()) > 0) {
                continue;
            }
            boolean clash = switch (policy) {
                case SINGLE -> true;
                case ONE_PER_PLATFORM -> Platform.stored(s.platform()) == mine;
                case MOBILE_OR_DESKTOP_ONE -> Platform.stored(s.platform()).mobile() == mine.mobile();
                case MULTI -> false;
            };
            if (clash) {
                older.add(s.sessionId());
            }
        }
        if (older.isEmpty()) {
            return;
        }
        String reason = switch (policy) {
            case SINGLE -> "logged in on another device (one session at a time)";
            case ONE_PER_PLATFORM -> "logged in on another " + mine.wire() + " device (one session per platform)";
            default -> "logged in on another " + (mine.mobile() ? "mobile" : "desktop")
                    + " device (one mobile and one desktop session)";
        };
        // this node's own at once; every node (this one again, harmlessly) hears of them through the event
        for (String id : older) {
            Connection o = all.get(id);
            if (o != null) {
                kick(o, reason);
            }
        }
        sessionsKicked.fire(new SessionsKicked(who.appKey(), who.userId(), older, reason));
    }

    void onSessionsKicked(@Observes(during = TransactionPhase.AFTER_SUCCESS) SessionsKicked k) {
        for (String id : k.sessionIds()) {
            Connection c = all.get(id);
            if (c != null && !c.isClosing()) {
                kick(c, k.reason());
            }
        }
    }

    void onKicked(@Observes(during = TransactionPhase.AFTER_SUCCESS) UserKicked k) {
        for (Connection c : sessionsOf(k.appKey(), k.userId())) {
            kick(c, k.reason());
        }
    }

    void onAppChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) AppChanged a) {
        if (!a.disabled()) {
            return;
        }
        for (Connection c : all.values()) {
            if (c.identity() != null && c.identity().appKey().equals(a.appKey())) {
                kick(c, "the app was disabled");
            }
        }
    }

    /** A member left the group: its sessions here stop receiving the group's topic. */
    void onMemberLeft(@Observes(during = TransactionPhase.AFTER_SUCCESS) MemberLeft l) {
        String topic = Destinations.groupTopic(l.groupId());
        for (Connection c : sessionsOf(l.appKey(), l.userId())) {
            if (!c.removeDestination(topic).isEmpty()) {
                unsubscribed(c, Destinations.groupRoute(l.appKey(), l.groupId()));
            }
        }
    }

    void onGroupDismissed(@Observes(during = TransactionPhase.AFTER_SUCCESS) GroupDismissed g) {
        String topic = Destinations.groupTopic(g.groupId());
        String route = Destinations.groupRoute(g.appKey(), g.groupId());
        for (Connection c : new ArrayList<>(routed(route))) {
            c.removeDestination(topic);
            unsubscribed(c, route);
        }
    }

    private void toGroup(String appKey, String groupId, String json, String conversationId, long seq, boolean notice,
            long createdAt) {
        Set<Connection> members = routed(Destinations.groupRoute(appKey, groupId));
        if (members.isEmpty()) {
            return;
        }
        SharedMessage m = json(Destinations.groupTopic(groupId), json);
        for (Connection c : members) {
            counted(c.deliver(m, conversationId, seq, notice), notice, createdAt);
        }
    }

    /** Single chat: the recipient's sessions, and the sender's others (the sending one got its RECEIPT). */
    private void toPeers(String appKey, String fromId, String toId, String json, String conversationId, long seq,
            boolean notice, String originSession, long createdAt) {
        SharedMessage m = json(Destinations.USER_MESSAGES, json);
        for (Connection c : routed(Destinations.userRoute(appKey, toId, Destinations.USER_MESSAGES))) {
            counted(c.deliver(m, conversationId, seq, notice), notice, createdAt);
        }
        if (!fromId.equals(toId)) {
            for (Connection c : routed(Destinations.userRoute(appKey, fromId, Destinations.USER_MESSAGES))) {
                if (!c.id().equals(originSession)) {
                    counted(c.deliver(m, conversationId, seq, notice), notice, createdAt);
                }
            }
        }
    }

    private void counted(boolean queued, boolean notice, long createdAt) {
        if (queued && !notice) {
            metrics.messageOut(createdAt, true);
        }
    }

    /**
     * Writes a sync page to a session (on {@code /user/queue/messages}, deduplicated against what it
     * already has): revoke and EDITED notices for messages it had, then the messages it lacks, then the user's
     * notices it lacks on {@code /user/queue/notices}. Answers how many messages it wrote.
     */
    int deliverSync(Connection c, SyncPage page) {
        for (StoredMessage m : page.revoked()) {
            // the device had these; tell it again that they were revoked or edited (a notice, not a new seq)
            String body = m.status() == Message.Status.SENT && m.editCount() > 0 ? MessageJson.editedNotice(m)
                    : MessageJson.message(m);
            c.deliver(json(Destinations.USER_MESSAGES, body), m.conversationId(), m.seq(), true);
        }
        int written = 0;
        for (StoredMessage m : page.messages()) {
            String body = MessageJson.message(m, page.readCounts().get(m.id()));
            if (c.deliver(json(Destinations.USER_MESSAGES, body), m.conversationId(), m.seq(), false)) {
                written++;
                metrics.messageOut(m.createdAt(), false);
            }
        }
        for (NoticeService.View n : page.notices()) {
            c.deliver(json(Destinations.USER_NOTICES, n.json()), NoticeService.CURSOR, n.seq(), false);
        }
        metrics.syncPage(page.messages().size());
        return written;
    }

    /** Sends a rejection to the connection's {@code /user/queue/errors} subscriptions, if any. */
    void reject(Connection c, String json) {
        c.deliver(json(Destinations.USER_ERRORS, json), null, 0, true);
    }

    private static SharedMessage json(String destination, String json) {
        return new SharedMessage(destination, "application/json", json);
    }

    private Set<Connection> routed(String route) {
        Set<Connection> s = byRoute.get(route);
        return s == null ? Set.of() : s;
    }

    void kick(Connection c, String reason) {
        c.closeAfter(StompErrors.kicked(reason), new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "kicked"));
    }

    // ------------------------------------------------------------------ heart-beats

    private void sweep() {
        long now = System.currentTimeMillis();
        pending.expire(now);
        for (Connection c : all.values()) {
            if (c.state() != Connection.State.CONNECTED) {
                continue;
            }
            try {
                ConnectionState life = c.lifecycle();
                long expect = life.expectEveryMillis();
                if (expect > 0 && now - life.lastReadMillis() > 2 * expect) {
                    c.closeAfter(StompErrors.error(ErrorCode.HEARTBEAT_TIMEOUT,
                            "nothing received for " + (now - life.lastReadMillis()) + " ms", null),
                            new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "heart-beat timeout"));
                    continue;
                }
                long every = life.sendEveryMillis();
                // send a little early so the peer never sees a gap longer than agreed
                if (every > 0 && now - life.lastWriteMillis() >= every - SWEEP_MILLIS) {
                    c.sendHeartbeat();
                }
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "heart-beat check failed for " + c, ex);
            }
        }
    }
}
