package com.xuqinmin.im.gateway;

import com.xuqinmin.im.account.Ids;
import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.auth.TokenVerifier;
import com.xuqinmin.im.chat.CursorTracker;
import com.xuqinmin.im.chat.ReadService;
import com.xuqinmin.im.chat.RevokeService;
import com.xuqinmin.im.chat.SendService;
import com.xuqinmin.im.chat.StoredMessage;
import com.xuqinmin.im.chat.SyncPage;
import com.xuqinmin.im.chat.SyncService;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.group.GroupService;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.Json;
import com.xuqinmin.im.platform.ServerInfo;
import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import com.xuqinmin.im.stomp.FrameBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Handles the frames of every connection: the STOMP state machine (CONNECT, SUBSCRIBE, ACK,
 * transactions, DISCONNECT) and the routing of {@code /app/chat.*} SENDs to {@link ChatService}.
 * Protocol violations end the connection with an ERROR frame; application-level refusals go to
 * {@code /user/queue/errors} and keep it open.
 */
@ApplicationScoped
public class FrameDispatcher {

    private static final Logger LOG = Logger.getLogger(FrameDispatcher.class.getName());

    @Inject
    TokenVerifier tokens;

    @Inject
    SessionRegistry registry;

    @Inject
    SendService sendService;

    @Inject
    RevokeService revokeService;

    @Inject
    SyncService syncService;

    @Inject
    ReadService readService;

    @Inject
    GroupService groups;

    @Inject
    CursorTracker tracker;

    @Inject
    ImConfig config;

    private static final long COMMIT_WAIT_SECONDS = 30;

    /** Handles what one WebSocket message carried. */
    public void onBatch(Connection c, FrameBatch batch) {
        c.touchRead();
        for (Frame f : batch.frames()) {
            if (c.isClosing()) {
                return;
            }
            try {
                handle(c, f);
            } catch (ImException e) {
                protocolError(c, e, f.header("receipt"));
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "frame " + f.command() + " failed on " + c, e);
                protocolError(c, new ImException(ErrorCode.INTERNAL_ERROR, "internal error"), f.header("receipt"));
                return;
            }
        }
        if (batch.error() != null && !c.isClosing()) {
            protocolError(c, batch.error(), null);
        }
    }

    /**
     * Ends a connection after a protocol error: ERROR frame, then close. A WebSocket message over
     * the size limit is not a STOMP matter: the socket is closed with 1009, as the container closes
     * it for a single frame over the limit.
     */
    public void protocolError(Connection c, ImException e, String receiptId) {
        if (e.error() == ErrorCode.MESSAGE_TOO_LARGE) {
            c.closeAfter(null, new CloseReason(CloseReason.CloseCodes.TOO_BIG, e.getMessage()));
            return;
        }
        // every token failure (missing, forged, expired, wrong app) gets the seed's one answer (PROTOCOL.md §1)
        Frame error = e.error() == ErrorCode.TOKEN_INVALID || e.error() == ErrorCode.TOKEN_EXPIRED
                || e.error() == ErrorCode.UNAUTHORIZED ? StompErrors.unauthorized() : StompErrors.error(e, receiptId);
        c.closeAfter(error, new CloseReason(CloseReason.CloseCodes.PROTOCOL_ERROR, e.error().name()));
    }

    private void handle(Connection c, Frame f) {
        Command cmd = f.command();
        if (cmd == Command.CONNECT || cmd == Command.STOMP) {
            connect(c, f);
            return;
        }
        if (!cmd.fromClient()) {
            throw new ImException(ErrorCode.UNKNOWN_COMMAND, cmd + " is a server frame");
        }
        if (!c.isConnected()) {
            throw new ImException(ErrorCode.NOT_CONNECTED, "send CONNECT first; " + cmd + " is not allowed before it");
        }
        String tx = f.header("transaction");
        if (tx != null && (cmd == Command.SEND || cmd == Command.ACK || cmd == Command.NACK)) {
            buffer(c, tx, f);
            return;
        }
        switch (cmd) {
            case SEND -> send(c, f);
            case SUBSCRIBE -> subscribe(c, f);
            case UNSUBSCRIBE -> unsubscribe(c, f);
            case ACK, NACK -> ack(c, f);
            case BEGIN -> begin(c, f);
            case COMMIT -> commit(c, f);
            case ABORT -> abort(c, f);
            case DISCONNECT -> disconnect(c, f);
            default -> throw new ImException(ErrorCode.UNKNOWN_COMMAND, "unexpected " + cmd);
        }
    }

    // ------------------------------------------------------------------ CONNECT

    private void connect(Connection c, Frame f) {
        if (c.state() != Connection.State.OPEN) {
            throw new ImException(ErrorCode.ALREADY_CONNECTED, "already connected");
        }
        String accept = f.header("accept-version");
        String version = negotiateVersion(accept);
        Identity who = authenticate(c, f);
        String device = f.header("device-id");
        if (device == null || device.isEmpty()) {
            device = "default";
        } else if (!Ids.valid(device)) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "device-id must be 1 to 64 characters of A-Z a-z 0-9 _ . @ -");
        }
        long[] client = heartBeat(f.header("heart-beat"));
        long[] server = heartBeat(config.heartbeat());
        // STOMP 1.2 "Heart-beating": each side sends at the larger of what it can and what the other wants
        long sendEvery = server[0] == 0 || client[1] == 0 ? 0 : Math.max(server[0], client[1]);
        long expectEvery = client[0] == 0 || server[1] == 0 ? 0 : Math.max(client[0], server[1]);
        c.connected(who, device, sendEvery, expectEvery);
        c.sendRate = new TokenBucket(config.sendRate(), config.sendBurst());
        registry.connected(c);
        c.send(Frame.builder(Command.CONNECTED)
                .header("version", version)
                .header("heart-beat", server[0] + "," + server[1])
                .header("server", ServerInfo.product())
                .header("session", c.id())
                .header("user-name", who.userId())
                .build());
    }

    private static String negotiateVersion(String accept) {
        if (accept == null) {
            throw new ImException(ErrorCode.UNSUPPORTED_VERSION, "accept-version is required; this server speaks 1.2 and 1.1");
        }
        boolean v11 = false;
        for (String v : accept.split(",")) {
            String t = v.trim();
            if (t.equals("1.2")) {
                return "1.2";
            }
            v11 |= t.equals("1.1");
        }
        if (v11) {
            return "1.1";
        }
        throw new ImException(ErrorCode.UNSUPPORTED_VERSION, "this server speaks STOMP 1.2 and 1.1, not " + accept);
    }

    /** The token comes from {@code ?token=} and/or {@code Authorization: Bearer}; both must agree. */
    private Identity authenticate(Connection c, Frame f) {
        String header = f.header("Authorization");
        if (header == null) {
            header = f.header("authorization");
        }
        if (header != null) {
            // "Authorization: Bearer x" as the seed page writes it leaves a space before the value
            header = header.trim();
        }
        String headerToken = header == null ? null
                : header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : header.trim();
        String queryToken = c.queryToken();
        if ((headerToken == null || headerToken.isEmpty()) && (queryToken == null || queryToken.isEmpty())) {
            throw new ImException(ErrorCode.TOKEN_INVALID, "no token");
        }
        Identity fromHeader = headerToken == null || headerToken.isEmpty() ? null : tokens.signIn(headerToken);
        Identity fromQuery = queryToken == null || queryToken.isEmpty() ? null
                : queryToken.equals(headerToken) ? fromHeader : tokens.signIn(queryToken);
        if (fromHeader != null && fromQuery != null && !fromHeader.equals(fromQuery)) {
            throw new ImException(ErrorCode.TOKEN_INVALID, "the two tokens name different users");
        }
        return fromHeader != null ? fromHeader : fromQuery;
    }

    private static long[] heartBeat(String value) {
        if (value == null || value.isEmpty()) {
            return new long[] {0, 0};
        }
        int comma = value.indexOf(',');
        try {
            long a = Long.parseLong(value.substring(0, comma).trim());
            long b = Long.parseLong(value.substring(comma + 1).trim());
            if (a < 0 || b < 0) {
                throw new NumberFormatException();
            }
            return new long[] {a, b};
        } catch (RuntimeException e) {
            throw new ImException(ErrorCode.MALFORMED_FRAME, "heart-beat must be two non-negative integers: " + value);
        }
    }

    // ------------------------------------------------------------------ SEND

    private void send(Connection c, Frame f) {
        String destination = required(f, "destination");
        String receipt = f.header("receipt");
        if (!isAppDestination(destination)) {
            throw new ImException(ErrorCode.UNKNOWN_DESTINATION, "no such destination: " + destination);
        }
        JsonObject body;
        try {
            if (!c.sendRate.tryTake()) {
                throw new ImException(ErrorCode.RATE_LIMITED, "at most " + config.sendRate() + " SEND frames per second, bursts of "
                        + config.sendBurst());
            }
            body = Json.parseObject(f.body());
        } catch (ImException e) {
            reject(c, e, null, destination, receipt, null);
            return;
        }
        String messageId = clientMessageId(body);
        Identity who = c.identity();
        try {
            switch (destination) {
                case Destinations.SEND -> whenDone(c, sendService.send(who, c.id(), body), destination, receipt, messageId,
                        m -> {
                            // the sending device has its own message: count it as received there
                            tracker.delivered(who.appKey(), who.userId(), c.deviceId(), m.conversationId(), m.seq());
                            return receiptFor(receipt, m);
                        });
                case Destinations.REVOKE -> whenDone(c, revokeService.revoke(who, c.id(), body), destination, receipt, messageId,
                        m -> receiptFor(receipt, m));
                case Destinations.READ -> whenDone(c, readService.read(who, c.deviceId(), c.id(), body), destination, receipt,
                        messageId, seq -> receipt == null ? null : Frame.builder(Command.RECEIPT)
                                .header("receipt-id", receipt).header("im-read-seq", Long.toString(seq)).build());
                case Destinations.SYNC -> sync(c, body, receipt);
                default -> throw new ImException(ErrorCode.UNKNOWN_DESTINATION, "no such destination: " + destination);
            }
        } catch (ImException e) {
            if (e.error() == ErrorCode.UNKNOWN_DESTINATION) {
                throw e;
            }
            reject(c, e, messageId, destination, receipt, null);
        } catch (RuntimeException e) {
            // a database that is down is the server's trouble, not the client's: refuse the SEND, keep the session
            if (!ImException.databaseDown(e)) {
                throw e;
            }
            reject(c, ImException.of(e), messageId, destination, receipt, null);
        }
    }

    private static boolean isAppDestination(String d) {
        return d.equals(Destinations.SEND) || d.equals(Destinations.REVOKE) || d.equals(Destinations.SYNC)
                || d.equals(Destinations.READ);
    }

    private interface ReceiptMaker<T> {
        Frame make(T result);
    }

    private <T> void whenDone(Connection c, CompletionStage<T> stage, String destination, String receipt,
            String messageId, ReceiptMaker<T> onSuccess) {
        stage.whenComplete((result, err) -> {
            if (err != null) {
                reject(c, unwrap(err), messageId, destination, receipt, null);
                return;
            }
            Frame r = onSuccess.make(result);
            if (r != null) {
                c.send(r);
            }
        });
    }

    private static Frame receiptFor(String receipt, StoredMessage m) {
        if (receipt == null) {
            return null;
        }
        return Frame.builder(Command.RECEIPT)
                .header("receipt-id", receipt)
                .header("im-message-id", m.id())
                .header("im-seq", Long.toString(m.seq()))
                .header("im-created-at", Long.toString(m.createdAt()))
                .header("im-conversation-id", m.conversationId())
                .header("im-duplicate", m.duplicate() ? "true" : null)
                .build();
    }

    private void sync(Connection c, JsonObject body, String receipt) {
        if (!c.isSubscribed(Destinations.USER_MESSAGES)) {
            throw new ImException(ErrorCode.NOT_SUBSCRIBED, "subscribe to " + Destinations.USER_MESSAGES
                    + " before syncing: sync results arrive there");
        }
        Identity who = c.identity();
        SyncPage page = syncService.sync(who, c.deviceId(), body, c::writtenUpTo);
        registry.deliverSync(c, page);
        if (receipt != null) {
            c.send(Frame.builder(Command.RECEIPT)
                    .header("receipt-id", receipt)
                    .header("im-sync-count", Integer.toString(page.messages().size()))
                    .header("im-sync-more", Boolean.toString(page.more()))
                    .build());
        }
    }

    // ------------------------------------------------------------------ SUBSCRIBE / UNSUBSCRIBE / ACK

    private void subscribe(Connection c, Frame f) {
        String id = required(f, "id");
        String destination = required(f, "destination");
        String receipt = f.header("receipt");
        Subscription.AckMode ack = Subscription.AckMode.of(f.header("ack"));
        if (ack == null) {
            throw new ImException(ErrorCode.MALFORMED_FRAME, "ack must be auto, client or client-individual");
        }
        if (c.subscription(id) != null) {
            throw new ImException(ErrorCode.MALFORMED_FRAME, "subscription id " + id + " is already in use");
        }
        Identity who = c.identity();
        String route;
        if (destination.equals(Destinations.USER_MESSAGES) || destination.equals(Destinations.USER_ERRORS)) {
            route = Destinations.userRoute(who.appKey(), who.userId(), destination);
        } else if (destination.startsWith(Destinations.GROUP_PREFIX)) {
            String groupId = destination.substring(Destinations.GROUP_PREFIX.length());
            if (!Ids.valid(groupId) || groups.member(who.appKey(), groupId, who.userId()).isEmpty()) {
                reject(c, new ImException(ErrorCode.NOT_GROUP_MEMBER, "not a member of group " + groupId), null,
                        destination, receipt, id);
                return;
            }
            route = Destinations.groupRoute(who.appKey(), groupId);
        } else {
            throw new ImException(ErrorCode.UNKNOWN_DESTINATION, "no such destination: " + destination);
        }
        if (c.subscriptionCount() >= config.subscriptionsMax()) {
            reject(c, new ImException(ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                    "at most " + config.subscriptionsMax() + " subscriptions per session"), null, destination, receipt, id);
            return;
        }
        Subscription s = new Subscription(id, destination, ack, route);
        if (c.addSubscription(s)) {
            registry.subscribed(c, route);
        }
        receipt(c, receipt);
    }

    private void unsubscribe(Connection c, Frame f) {
        String id = required(f, "id");
        Subscription s = c.subscription(id);
        if (s == null) {
            reject(c, new ImException(ErrorCode.NOT_SUBSCRIBED, "no subscription with id " + id), null, null,
                    f.header("receipt"), id);
            return;
        }
        if (c.removeSubscription(s)) {
            registry.unsubscribed(c, s.routeKey());
        }
        receipt(c, f.header("receipt"));
    }

    private void ack(Connection c, Frame f) {
        String id = required(f, "id");
        if (!c.acknowledge(id, f.command() == Command.ACK)) {
            reject(c, new ImException(ErrorCode.NOT_FOUND, "no message waiting for an ACK with id " + id), null, null,
                    f.header("receipt"), null);
            return;
        }
        receipt(c, f.header("receipt"));
    }

    // ------------------------------------------------------------------ transactions

    private void begin(Connection c, Frame f) {
        String tx = required(f, "transaction");
        if (c.transactions.containsKey(tx)) {
            throw new ImException(ErrorCode.MALFORMED_FRAME, "transaction " + tx + " is already open");
        }
        if (c.transactions.size() >= config.transactionsMax()) {
            throw new ImException(ErrorCode.TOO_MANY_TRANSACTIONS,
                    "at most " + config.transactionsMax() + " open transactions per session");
        }
        c.transactions.put(tx, new ArrayList<>());
        receipt(c, f.header("receipt"));
    }

    private void buffer(Connection c, String tx, Frame f) {
        List<Frame> frames = c.transactions.get(tx);
        if (frames == null) {
            throw new ImException(ErrorCode.UNKNOWN_TRANSACTION, "no open transaction " + tx);
        }
        if (frames.size() >= config.transactionFramesMax()) {
            throw new ImException(ErrorCode.TOO_MANY_TRANSACTIONS,
                    "at most " + config.transactionFramesMax() + " frames per transaction");
        }
        frames.add(f);
    }

    private void abort(Connection c, Frame f) {
        String tx = required(f, "transaction");
        if (c.transactions.remove(tx) == null) {
            throw new ImException(ErrorCode.UNKNOWN_TRANSACTION, "no open transaction " + tx);
        }
        receipt(c, f.header("receipt"));
    }

    /**
     * Commits a transaction: its {@code chat.send} frames are stored together in one database
     * transaction (all or none); its other frames then run in order.
     */
    private void commit(Connection c, Frame f) {
        String tx = required(f, "transaction");
        List<Frame> frames = c.transactions.remove(tx);
        if (frames == null) {
            throw new ImException(ErrorCode.UNKNOWN_TRANSACTION, "no open transaction " + tx);
        }
        String receipt = f.header("receipt");
        List<Frame> sends = new ArrayList<>();
        List<Frame> others = new ArrayList<>();
        for (Frame x : frames) {
            if (x.command() == Command.SEND && Destinations.SEND.equals(x.header("destination"))) {
                sends.add(x);
            } else {
                others.add(x);
            }
        }
        Identity who = c.identity();
        List<JsonObject> bodies = new ArrayList<>(sends.size());
        try {
            for (Frame s : sends) {
                if (!c.sendRate.tryTake()) {
                    throw new ImException(ErrorCode.RATE_LIMITED, "rate limited inside transaction " + tx);
                }
                bodies.add(Json.parseObject(s.body()));
            }
        } catch (ImException e) {
            reject(c, e, null, Destinations.SEND, receipt, null);
            return;
        }
        CompletionStage<List<StoredMessage>> stored;
        try {
            stored = sendService.sendAll(who, c.id(), bodies);
        } catch (ImException e) {
            reject(c, e, null, Destinations.SEND, receipt, null);
            return;
        }
        // wait here, on the connection's inbound thread: frames sent after the COMMIT must not overtake
        // the transaction's own frames (a commit is one database transaction, a few milliseconds)
        List<StoredMessage> list;
        try {
            list = stored.toCompletableFuture().get(COMMIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reject(c, new ImException(ErrorCode.SERVICE_UNAVAILABLE, "interrupted"), null, Destinations.SEND, receipt,
                    null);
            return;
        } catch (ExecutionException | TimeoutException e) {
            // the transaction failed as a whole: none of its frames take effect
            reject(c, e instanceof TimeoutException
                    ? new ImException(ErrorCode.SERVICE_UNAVAILABLE, "the transaction could not be stored in time")
                    : unwrap(e.getCause()), null, Destinations.SEND, receipt, null);
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            StoredMessage m = list.get(i);
            tracker.delivered(who.appKey(), who.userId(), c.deviceId(), m.conversationId(), m.seq());
            Frame r = receiptFor(sends.get(i).header("receipt"), m);
            if (r != null) {
                c.send(r);
            }
        }
        for (Frame o : others) {
            if (c.isClosing()) {
                return;
            }
            handle(c, withoutTransaction(o));
        }
        receipt(c, receipt);
    }

    /** Runs inbound work for a connection, one piece at a time (the container's rule for onMessage). */
    public static void inbound(Connection c, Runnable work) {
        synchronized (c.inboundLock()) {
            work.run();
        }
    }

    private static Frame withoutTransaction(Frame f) {
        Frame.Builder b = Frame.builder(f.command());
        for (var h : f.headers()) {
            if (!h.name().equals("transaction")) {
                b.header(h.name(), h.value());
            }
        }
        return b.body(f.body()).build();
    }

    // ------------------------------------------------------------------ DISCONNECT

    private void disconnect(Connection c, Frame f) {
        c.transactions.clear();
        String receipt = f.header("receipt");
        c.closeAfter(receipt == null ? null : Frame.builder(Command.RECEIPT).header("receipt-id", receipt).build(),
                new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "disconnect"));
    }

    // ------------------------------------------------------------------ helpers

    private static void receipt(Connection c, String receipt) {
        if (receipt != null) {
            c.send(Frame.builder(Command.RECEIPT).header("receipt-id", receipt).build());
        }
    }

    private void reject(Connection c, ImException e, String messageId, String destination, String receipt,
            String subscriptionId) {
        registry.reject(c, StompErrors.rejection(e, messageId, destination, receipt, subscriptionId));
    }

    private static String required(Frame f, String header) {
        String v = f.header(header);
        if (v == null || v.isEmpty()) {
            throw new ImException(ErrorCode.MALFORMED_FRAME, f.command() + " needs a " + header + " header");
        }
        return v;
    }

    private static String clientMessageId(JsonObject body) {
        try {
            return Json.string(body, "messageId");
        } catch (ImException e) {
            return null;
        }
    }

    private static ImException unwrap(Throwable t) {
        Throwable x = t;
        while ((x instanceof CompletionException || x.getCause() instanceof ImException) && x.getCause() != null) {
            x = x.getCause();
        }
        if (x instanceof ImException e) {
            return e;
        }
        ImException e = ImException.of(t);
        if (e.error() == ErrorCode.INTERNAL_ERROR) {
            LOG.log(Level.WARNING, "unexpected failure", t);
        }
        return e;
    }
}
