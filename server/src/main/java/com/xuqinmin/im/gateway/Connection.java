package com.xuqinmin.im.gateway;

import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.chat.Runs;
import com.xuqinmin.im.stomp.Frame;
import com.xuqinmin.im.stomp.MessageCopy;
import com.xuqinmin.im.stomp.OutboundFrame;
import com.xuqinmin.im.stomp.OutboundFrames;
import com.xuqinmin.im.stomp.SharedMessage;
import com.xuqinmin.im.stomp.StompEncoder;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection: its STOMP state, its subscriptions and its outbound queue. Frames are
 * written asynchronously, one write at a time, from a bounded queue, so a slow client only ever
 * delays itself; when its queue overflows it is closed (it will catch up with a sync). The frames
 * that queued up while a write was in flight go out together in the next WebSocket message.
 *
 * <p>Inbound frames are handled by one container thread at a time; outbound writes come from any
 * thread and are serialised by {@code lock}.
 */
public final class Connection {

    private static final Logger LOG = Logger.getLogger(Connection.class.getName());
    /** At most this many queued frames go out in one WebSocket message. */
    static final int BATCH_FRAMES = 64;
    /** A batch stops growing once its bodies reach about this many characters. */
    static final int BATCH_CHARS = 32 * 1024;

    /** Where a connection is in its life. */
    public enum State { OPEN, CONNECTED, CLOSING, CLOSED }

    /** Told when a frame that counts as received by the device has been written. */
    public interface ReceivedListener {
        void received(Connection c, String conversationId, long seq);
    }

    private record Out(OutboundFrame frame, String conversationId, long seq) {
        boolean heartbeat() {
            return frame == null;
        }
    }

    private record PendingAck(String subscriptionId, String conversationId, long seq) {
    }

    private final String id;
    private final Session ws;
    private final int queueMax;
    private final int pendingAcksMax;
    private final ReceivedListener receivedListener;
    private final long openedAtMillis = System.currentTimeMillis();
    private final String queryToken;

    private volatile State state = State.OPEN;
    private volatile Identity identity;
    private volatile String deviceId = "default";
    private volatile long connectedAtMillis;

    // heart-beats (PROTOCOL.md §2): what was negotiated, and when we last read and wrote
    private volatile long sendEveryMillis;
    private volatile long expectEveryMillis;
    private volatile long lastReadMillis = System.currentTimeMillis();
    private volatile long lastWriteMillis = System.currentTimeMillis();

    // subscriptions: read by delivery threads, changed by the inbound thread
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, List<Subscription>> byDestination = new ConcurrentHashMap<>();

    // inbound-only state, guarded by inboundLock (the container delivers one message at a time;
    // the rest of a committed transaction runs later on another thread under the same lock)
    private final Object inboundLock = new Object();
    final Map<String, List<Frame>> transactions = new HashMap<>();
    TokenBucket sendRate;

    // outbound state, guarded by lock
    private final Object lock = new Object();
    private final ArrayDeque<Out> queue = new ArrayDeque<>();
    private boolean sending;
    private boolean closeWhenDrained;
    private CloseReason closeReason;
    private final Map<String, Runs> written = new HashMap<>();
    private final LinkedHashMap<String, PendingAck> pendingAcks = new LinkedHashMap<>();
    private long messageCounter;

    Connection(String id, Session ws, String queryToken, int queueMax, int pendingAcksMax,
            ReceivedListener receivedListener) {
        this.id = id;
        this.ws = ws;
        this.queryToken = queryToken;
        this.queueMax = queueMax;
        this.pendingAcksMax = pendingAcksMax;
        this.receivedListener = receivedListener;
    }

    public String id() {
        return id;
    }

    public Identity identity() {
        return identity;
    }

    public String deviceId() {
        return deviceId;
    }

    public State state() {
        return state;
    }

    public boolean isConnected() {
        return state == State.CONNECTED;
    }

    public boolean isClosing() {
        return state == State.CLOSING || state == State.CLOSED;
    }

    Object inboundLock() {
        return inboundLock;
    }

    String queryToken() {
        return queryToken;
    }

    long openedAtMillis() {
        return openedAtMillis;
    }

    long connectedAtMillis() {
        return connectedAtMillis;
    }

    void connected(Identity who, String device, long sendEvery, long expectEvery) {
        this.identity = who;
        this.deviceId = device;
        this.sendEveryMillis = sendEvery;
        this.expectEveryMillis = expectEvery;
        this.connectedAtMillis = System.currentTimeMillis();
        this.state = State.CONNECTED;
    }

    // ------------------------------------------------------------------ heart-beats

    void touchRead() {
        lastReadMillis = System.currentTimeMillis();
    }

    long sendEveryMillis() {
        return sendEveryMillis;
    }

    long expectEveryMillis() {
        return expectEveryMillis;
    }

    long lastReadMillis() {
        return lastReadMillis;
    }

    long lastWriteMillis() {
        return lastWriteMillis;
    }

    /** Queues a heart-beat (a bare EOL) unless something else is already on its way. */
    void sendHeartbeat() {
        synchronized (lock) {
            if (sending || !queue.isEmpty()) {
                return;
            }
        }
        enqueue(new Out(null, null, 0), false);
    }

    // ------------------------------------------------------------------ subscriptions

    Subscription subscription(String subscriptionId) {
        return subscriptions.get(subscriptionId);
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    /** Adds a subscription; answers true when it is the first one to its destination. */
    boolean addSubscription(Subscription s) {
        subscriptions.put(s.id(), s);
        List<Subscription> list = byDestination.computeIfAbsent(s.destination(), d -> new CopyOnWriteArrayList<>());
        list.add(s);
        return list.size() == 1;
    }

    /** Removes a subscription; answers true when no other one to its destination remains. */
    boolean removeSubscription(Subscription s) {
        subscriptions.remove(s.id());
        List<Subscription> list = byDestination.get(s.destination());
        if (list == null) {
            return true;
        }
        list.remove(s);
        if (list.isEmpty()) {
            byDestination.remove(s.destination());
            synchronized (lock) {
                pendingAcks.values().removeIf(p -> p.subscriptionId.equals(s.id()));
            }
            return true;
        }
        return false;
    }

    /** Removes every subscription to a destination (e.g. the user left the group); returns them. */
    List<Subscription> removeDestination(String destination) {
        List<Subscription> list = byDestination.remove(destination);
        if (list == null) {
            return List.of();
        }
        for (Subscription s : list) {
            subscriptions.remove(s.id());
        }
        return new ArrayList<>(list);
    }

    List<Subscription> allSubscriptions() {
        return new ArrayList<>(subscriptions.values());
    }

    boolean isSubscribed(String destination) {
        return byDestination.containsKey(destination);
    }

    // ------------------------------------------------------------------ outbound

    /** Queues a frame. */
    public void send(Frame f) {
        enqueue(new Out(f, null, 0), false);
    }

    /**
     * Writes a conversation's message to each subscription of its destination, unless this session
     * already has that seq (sync and live delivery both come through here, in any order). Notices
     * ({@code seq <= 0} or {@code repeat}) are always written and never count as received. The
     * message is encoded once by the caller and shared by every session it goes to.
     *
     * @return whether anything was queued
     */
    boolean deliver(SharedMessage message, String conversationId, long seq, boolean repeat) {
        List<Subscription> subs = byDestination.get(message.destination());
        if (subs == null || subs.isEmpty()) {
            return false;
        }
        List<Out> outs = new ArrayList<>(subs.size());
        boolean overflow;
        boolean start;
        synchronized (lock) {
            if (state == State.CLOSED || closeWhenDrained) {
                return false;
            }
            boolean counts = seq > 0 && !repeat;
            if (counts && !written.computeIfAbsent(conversationId, k -> new Runs()).add(seq)) {
                return false;
            }
            for (Subscription s : subs) {
                String messageId = id + "-" + (++messageCounter);
                boolean clientAck = s.ack() != Subscription.AckMode.AUTO;
                if (clientAck) {
                    // notices are remembered too: a client may ACK any frame it got (a cumulative ACK
                    // of a notice covers the messages before it); only messages count as received
                    pendingAcks.put(messageId, counts ? new PendingAck(s.id(), conversationId, seq)
                            : new PendingAck(s.id(), null, 0));
                    if (pendingAcks.size() > pendingAcksMax) {
                        // an ACK that never comes: forget the oldest (a later sync resends it)
                        Iterator<String> it = pendingAcks.keySet().iterator();
                        it.next();
                        it.remove();
                    }
                }
                MessageCopy f = message.copy(s.id(), messageId, clientAck);
                outs.add(counts && !clientAck ? new Out(f, conversationId, seq)
                        : new Out(f, null, 0));
            }
            overflow = queue.size() + outs.size() > queueMax;
            if (!overflow) {
                queue.addAll(outs);
            }
            start = !overflow && !sending;
            if (start) {
                sending = true;
            }
        }
        if (overflow) {
            abort(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "outbound queue overflow"));
            return false;
        }
        if (start) {
            pump();
        }
        return true;
    }

    /** Whether this session already has a seq of a conversation (written live or by sync). */
    long writtenUpTo(String conversationId, long after) {
        synchronized (lock) {
            Runs r = written.get(conversationId);
            return r == null ? after : r.contiguousEnd(after);
        }
    }

    /**
     * Handles an ACK ({@code ack = true}) or NACK of a message-id. In {@code client} mode it covers
     * every earlier message of that subscription too. Returns false when the id is unknown.
     */
    boolean acknowledge(String ackId, boolean ack) {
        List<PendingAck> done = new ArrayList<>();
        synchronized (lock) {
            PendingAck p = pendingAcks.get(ackId);
            if (p == null) {
                return false;
            }
            Subscription s = subscriptions.get(p.subscriptionId);
            if (s != null && s.ack() == Subscription.AckMode.CLIENT) {
                Iterator<Map.Entry<String, PendingAck>> it = pendingAcks.entrySet().iterator();
                while (it.hasNext()) {
                    Map.Entry<String, PendingAck> e = it.next();
                    if (e.getValue().subscriptionId.equals(p.subscriptionId)) {
                        done.add(e.getValue());
                        it.remove();
                    }
                    if (e.getKey().equals(ackId)) {
                        break;
                    }
                }
            } else {
                pendingAcks.remove(ackId);
                done.add(p);
            }
        }
        if (ack) {
            for (PendingAck p : done) {
                if (p.conversationId != null) {
                    receivedListener.received(this, p.conversationId, p.seq);
                }
            }
        }
        return true;
    }

    /** Sends a last frame (an ERROR), then closes once it has been written. */
    public void closeAfter(Frame last, CloseReason reason) {
        boolean start;
        synchronized (lock) {
            if (state == State.CLOSED || closeWhenDrained) {
                return;
            }
            state = State.CLOSING;
            closeWhenDrained = true;
            closeReason = reason;
            if (last != null) {
                queue.add(new Out(last, null, 0));
            }
            start = !sending;
            if (start) {
                sending = true;
            }
        }
        if (start) {
            pump();
        }
    }

    /** Closes at once, dropping whatever is queued. */
    public void abort(CloseReason reason) {
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            queue.clear();
        }
        closeSocket(reason);
    }

    /** The container closed the socket. */
    void closed() {
        synchronized (lock) {
            state = State.CLOSED;
            queue.clear();
        }
    }

    private void enqueue(Out o, boolean force) {
        boolean overflow = false;
        boolean start;
        synchronized (lock) {
            if (state == State.CLOSED || (closeWhenDrained && !force)) {
                return;
            }
            if (queue.size() >= queueMax) {
                overflow = true;
                start = false;
            } else {
                queue.add(o);
                start = !sending;
                if (start) {
                    sending = true;
                }
            }
        }
        if (overflow) {
            abort(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "outbound queue overflow"));
        } else if (start) {
            pump();
        }
    }

    /**
     * Writes what is queued: a heart-beat alone, otherwise the frames queued at this moment (at most
     * {@link #BATCH_FRAMES} of them, about {@link #BATCH_CHARS} characters) as one WebSocket message.
     * A write that completes inline continues the loop here; one that completes later continues
     * from its handler, so the stack never grows with the queue.
     */
    private void pump() {
        for (;;) {
            List<Out> next = new ArrayList<>(4);
            CloseReason closeNow = null;
            synchronized (lock) {
                Out first = state == State.CLOSED ? null : queue.poll();
                if (first == null) {
                    sending = false;
                    if (closeWhenDrained && state != State.CLOSED) {
                        state = State.CLOSED;
                        closeNow = closeReason;
                    }
                } else {
                    next.add(first);
                    if (!first.heartbeat()) {
                        int chars = first.frame.textLength();
                        Out o;
                        while (next.size() < BATCH_FRAMES && chars < BATCH_CHARS
                                && (o = queue.peek()) != null && !o.heartbeat()) {
                            next.add(queue.poll());
                            chars += o.frame.textLength();
                        }
                    }
                }
            }
            if (next.isEmpty()) {
                if (closeNow != null) {
                    closeSocket(closeNow);
                }
                return;
            }
            Written h = new Written(next);
            try {
                Out first = next.get(0);
                if (first.heartbeat()) {
                    ws.getAsyncRemote().sendText(StompEncoder.HEARTBEAT_TEXT, h);
                } else if (next.size() == 1 && first.frame instanceof Frame f) {
                    ws.getAsyncRemote().sendObject(f, h);
                } else {
                    List<OutboundFrame> frames = new ArrayList<>(next.size());
                    for (Out o : next) {
                        frames.add(o.frame);
                    }
                    ws.getAsyncRemote().sendObject(new OutboundFrames(frames), h);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "write failed", e);
                abort(new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "write failed"));
                return;
            }
            if (!h.completedInline()) {
                return;
            }
        }
    }

    private final class Written implements SendHandler {
        private final List<Out> outs;
        private boolean inCall = true;
        private boolean done;

        Written(List<Out> outs) {
            this.outs = outs;
        }

        @Override
        public void onResult(SendResult result) {
            boolean ok = result.isOK();
            if (ok) {
                lastWriteMillis = System.currentTimeMillis();
                for (Out out : outs) {
                    if (out.conversationId != null) {
                        receivedListener.received(Connection.this, out.conversationId, out.seq);
                    }
                }
            } else {
                LOG.log(Level.FINE, "write failed on " + id, result.getException());
                abort(new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "write failed"));
            }
            boolean continueHere;
            synchronized (this) {
                done = true;
                continueHere = !inCall;
            }
            if (continueHere && ok) {
                pump();
            }
        }

        /** Called by the writer after sendObject returns: true when the handler already ran. */
        boolean completedInline() {
            synchronized (this) {
                inCall = false;
                return done && state != State.CLOSED;
            }
        }
    }

    private void closeSocket(CloseReason reason) {
        try {
            if (ws.isOpen()) {
                ws.close(reason);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "close failed", e);
        }
    }

    @Override
    public String toString() {
        Identity who = identity;
        return "Connection[" + id + (who == null ? "" : " " + who.appKey() + "/" + who.userId() + "/" + deviceId) + "]";
    }
}
