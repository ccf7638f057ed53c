package com.xuqinmin.im.gateway;

import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.stomp.Frame;
import com.xuqinmin.im.stomp.SharedMessage;
import jakarta.websocket.CloseReason;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * One client connection, made of four parts: its {@link ConnectionState} (life, identity,
 * heart-beats), its {@link Subscriptions}, its {@link Outbound} queue and its {@link Acks}; plus the
 * inbound-only {@link Transactions} and SEND rate. This class ties them together where one action
 * touches several (a delivery reads the subscriptions and registers acks; an ended subscription
 * forgets its acks).
 *
 * <p>Inbound frames are handled one at a time under {@link #inboundLock()}; outbound writes come
 * from any thread and are serialised inside {@link Outbound}.
 */
public final class Connection {

    /** Where a connection is in its life. */
    public enum State { OPEN, CONNECTED, CLOSING, CLOSED }

    /** Told when a frame that counts as received by the device has been written or acknowledged. */
    public interface ReceivedListener {
        void received(Connection c, String conversationId, long seq);

        /** Whether the device's stored cursor covers everything of the conversation it received. */
        boolean settled(Connection c, String conversationId);
    }

    private final String id;
    // the handshake's ?token=, until CONNECT takes it (inbound only)
    private String queryToken;
    private final ReceivedListener receivedListener;
    private final ConnectionState state = new ConnectionState();
    private final Subscriptions subscriptions = new Subscriptions();
    private final Acks acks;
    private final Outbound outbound;
    private final Transport transport;
    // inbound-only, guarded by inboundLock (the container delivers one message at a time; the rest of
    // a committed transaction runs later on another thread under the same lock)
    private final Object inboundLock = new Object();
    private final Transactions transactions = new Transactions();
    private TokenBucket sendRate;
    private TokenBucket typingRate;
    // until CONNECT: its place among the connections waiting for CONNECT, and its deadline
    private final PendingConnections.Place pendingPlace;
    private volatile ScheduledFuture<?> connectDeadline;

    Connection(String id, Transport transport, String queryToken, int queueMax, long queueBytes, int pendingAcksMax,
            PendingConnections.Place pendingPlace, ReceivedListener receivedListener) {
        this.id = id;
        this.transport = transport;
        this.queryToken = queryToken;
        this.pendingPlace = pendingPlace;
        this.receivedListener = receivedListener;
        this.acks = new Acks(pendingAcksMax);
        this.outbound = new Outbound(id, transport, state, acks, queueMax, queueBytes, new Outbound.Written() {
            @Override
            public void received(String conversationId, long seq) {
                receivedListener.received(Connection.this, conversationId, seq);
            }

            @Override
            public boolean settled(String conversationId) {
                return receivedListener.settled(Connection.this, conversationId);
            }
        });
    }

    public String id() {
        return id;
    }

    public Identity identity() {
        return state.identity();
    }

    public String deviceId() {
        return state.deviceId();
    }

    /** The platform its CONNECT named (web when it named none). */
    Platform platform() {
        return state.platform();
    }

    /** What carries this connection ({@link Transport#name()}). */
    public String transportName() {
        return transport.name();
    }

    public State state() {
        return state.life();
    }

    public boolean isConnected() {
        return state.life() == State.CONNECTED;
    }

    public boolean isClosing() {
        return state.closing();
    }

    long connectedAtMillis() {
        return state.connectedAtMillis();
    }

    ConnectionState lifecycle() {
        return state;
    }

    Subscriptions subscriptions() {
        return subscriptions;
    }

    Transactions transactions() {
        return transactions;
    }

    Object inboundLock() {
        return inboundLock;
    }

    /** The handshake's {@code ?token=} (or {@code null}), once: CONNECT takes it, nothing keeps it after. */
    String takeQueryToken() {
        String t = queryToken;
        queryToken = null;
        return t;
    }

    /** The task that closes this connection if it has not sent CONNECT in time. */
    void connectDeadline(ScheduledFuture<?> deadline) {
        connectDeadline = deadline;
    }

    /**
     * The connection is past its CONNECT deadline and its close is queued: its place stays taken
     * (it does not expire) until {@link #stopWaitingForConnect()} gives it back after the close.
     */
    void keepPendingPlace() {
        if (pendingPlace != null) {
            pendingPlace.keep();
        }
    }

    /** The connection sent CONNECT or closed: it gives its place back and its deadline no longer applies. */
    void stopWaitingForConnect() {
        if (pendingPlace != null) {
            pendingPlace.release();
        }
        ScheduledFuture<?> d = connectDeadline;
        if (d != null) {
            d.cancel(false);
        }
    }

    /** CONNECT succeeded: who it is, its device and platform, the heart-beats agreed and its SEND rate limit. */
    void connected(Identity who, String device, Platform on, long sendEvery, long expectEvery, TokenBucket rate) {
        sendRate = rate;
        state.connected(who, device, on, sendEvery, expectEvery);
    }

    /** Takes a typing signal from its own rate limit (made on first use); false when they come too fast. */
    boolean tryTyping(double rate, int burst) {
        if (typingRate == null) {
            typingRate = new TokenBucket(rate, burst);
        }
        return typingRate.tryTake();
    }

    /** Takes a SEND from the rate limit; false when the client sends too fast. */
    boolean trySend() {
        return sendRate.tryTake();
    }

    /** Removes a subscription and forgets its unacknowledged frames; true when its destination has no other. */
    boolean removeSubscription(Subscription s) {
        if (subscriptions.remove(s)) {
            acks.forget(s.id());
            return true;
        }
        return false;
    }

    /** Removes every subscription to a destination (the user left the group); returns them. */
    List<Subscription> removeDestination(String destination) {
        return subscriptions.removeDestination(destination);
    }

    boolean isSubscribed(String destination) {
        return subscriptions.isSubscribed(destination);
    }

    // ------------------------------------------------------------------ outbound

    /** Queues a frame. */
    public void send(Frame f) {
        outbound.send(f);
    }

    /** Queues a heart-beat unless something else is on its way. */
    void sendHeartbeat() {
        outbound.heartbeat();
    }

    /**
     * Writes a conversation's message to each subscription of its destination, unless this session
     * already has that seq; a notice is always written and never counts as received.
     *
     * @return whether anything was queued
     */
    boolean deliver(SharedMessage message, String conversationId, long seq, boolean notice) {
        List<Subscription> subs = subscriptions.to(message.destination());
        if (subs == null || subs.isEmpty()) {
            return false;
        }
        if (subs.size() > 1 && Destinations.USER_ERRORS.equals(message.destination())) {
            // a rejection is for the session, not per subscription: one copy, to the oldest, however
            // many the client made (a thousand subscriptions must not turn one refusal into a thousand)
            // (an iterator of the copy-on-write list is a snapshot: safe while an UNSUBSCRIBE runs)
            var oldest = subs.iterator();
            if (!oldest.hasNext()) {
                return false;
            }
            subs = List.of(oldest.next());
        }
        return outbound.deliver(message, subs, conversationId, seq, notice);
    }

    /** The end of the run of seqs of a conversation this session has already been written, from {@code after}. */
    long writtenUpTo(String conversationId, long after) {
        return outbound.queuedUpTo(conversationId, after);
    }

    /**
     * Handles an ACK ({@code ack = true}) or NACK of a message-id; in {@code client} mode it covers
     * every earlier message of that subscription too. Returns false when the id is unknown.
     */
    boolean acknowledge(String ackId, boolean ack) {
        List<Acks.Pending> done = acks.take(ackId, subscriptions::get);
        if (done == null) {
            return false;
        }
        if (ack) {
            for (Acks.Pending p : done) {
                if (p.conversationId() != null) {
                    receivedListener.received(this, p.conversationId(), p.seq());
                }
            }
        }
        return true;
    }

    /** Sends a last frame (an ERROR), then closes once it has been written. */
    public void closeAfter(Frame last, CloseReason reason) {
        outbound.closeAfter(last, reason, null);
    }

    /**
     * As {@link #closeAfter(Frame, CloseReason)}, the last frame written at once and the socket's
     * close (which may block a container thread for a while) run by {@code closer}.
     */
    void closeAfter(Frame last, CloseReason reason, java.util.concurrent.Executor closer) {
        outbound.closeAfter(last, reason, closer);
    }

    /** Closes at once, dropping whatever is queued. */
    public void abort(CloseReason reason) {
        outbound.abort(reason);
    }

    /** The transport closed (the peer, the network or the server). */
    void closed() {
        outbound.closed();
    }

    @Override
    public String toString() {
        Identity who = state.identity();
        return "Connection[" + id + (who == null ? "" : " " + who.appKey() + "/" + who.userId() + "/" + state.deviceId()) + "]";
    }
}
