package com.xuqinmin.im.gateway;

import com.xuqinmin.im.chat.CursorTracker;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.Ulids;
import com.xuqinmin.im.stomp.FrameBatch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Session;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the transports delegate to (the WebSocket endpoint, the SockJS sessions): it opens and closes
 * {@link Connection}s and hands their frames to {@link Frames}. The transports themselves stay thin.
 */
@ApplicationScoped
public class Gateway {

    private static final Logger LOG = Logger.getLogger(Gateway.class.getName());

    @Inject
    Frames frames;

    @Inject
    SessionRegistry registry;

    @Inject
    CursorTracker tracker;

    @Inject
    ImConfig config;

    @Inject
    PendingConnections pending;

    // where a socket's close runs when it is asked for inside one of its write completions, and the
    // watchdog of every close (SocketCloses)
    @jakarta.annotation.Resource
    jakarta.enterprise.concurrent.ManagedScheduledExecutorService scheduler;

    /** The scheduler the WebSocket transports close with ({@link SocketCloses}). */
    public java.util.concurrent.ScheduledExecutorService closes() {
        return scheduler;
    }

    Connection open(Session ws) {
        ws.setMaxTextMessageBufferSize(config.wsMaxMessageBytes());
        ws.setMaxBinaryMessageBufferSize(config.wsMaxMessageBytes());
        ws.setMaxIdleTimeout(0); // liveness is the heart-beats' job
        ws.getAsyncRemote().setSendTimeout(config.sendTimeoutMillis());
        List<String> tokens = ws.getRequestParameterMap().get("token");
        String token = tokens == null || tokens.isEmpty() ? null : tokens.get(0);
        PendingConnections.Place place = ws.getUserProperties().get(PendingConnections.PLACE) instanceof PendingConnections.Place p
                ? p : null;
        return open(new WebSocketTransport(ws, closes()), token, place);
    }

    /**
     * Opens a connection over {@code transport}: {@code token} is the handshake's {@code ?token=}
     * (already checked, or {@code null}), {@code place} its place among the connections waiting for
     * CONNECT (taken at the handshake, with the client's address). Without a place (a container that
     * upgrades before filters run) the connection is counted in the total, its address being unknown
     * here, and closed at once when the total is full.
     */
    public Connection open(Transport transport, String token, PendingConnections.Place place) {
        String id = Ulids.next().substring(10).toLowerCase(); // the random part: unique enough, short
        ImException refused = null;
        if (place == null) {
            try {
                place = pending.take(null, config.wsPendingPerAddress(), config.wsPendingMax(),
                        System.currentTimeMillis() + config.connectTimeoutMillis());
            } catch (ImException e) {
                refused = e;
            }
        }
        Connection c = new Connection(id, transport, token, config.outboundQueueMax(), config.outboundQueueBytes(),
                config.pendingAcksMax(), place, new Connection.ReceivedListener() {
                    @Override
                    public void received(Connection conn, String conversationId, long seq) {
                        tracker.delivered(conn.identity().appKey(), conn.identity().userId(), conn.deviceId(),
                                conversationId, seq);
                    }

                    @Override
                    public boolean settled(Connection conn, String conversationId) {
                        return tracker.settled(conn.identity().appKey(), conn.identity().userId(), conn.deviceId(),
                                conversationId);
                    }
                });
        registry.opened(c);
        if (refused != null) {
            c.closeAfter(StompErrors.error(refused, null),
                    new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, refused.error().name()));
        }
        return c;
    }

    /** Handles what one message of the connection's transport decoded to. */
    public void message(Connection c, FrameBatch batch) {
        Frames.inbound(c, () -> frames.onBatch(c, batch));
    }

    /** The transport failed: a protocol error (ImException, DecodeException) gets ERROR, anything else a close. */
    public void error(Connection c, Throwable t) {
        if (c == null) {
            return;
        }
        ImException e = protocolCause(t);
        if (e != null) {
            Frames.inbound(c, () -> frames.protocolError(c, e));
            return;
        }
        LOG.log(Level.FINE, "WebSocket error on " + c, t);
        c.abort(new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "error"));
    }

    /** The transport closed: the connection is forgotten. */
    public void closed(Connection c) {
        if (c != null) {
            registry.closed(c);
        }
    }

    /** The protocol error behind a decoding failure, or {@code null} for I/O trouble. */
    private static ImException protocolCause(Throwable t) {
        for (Throwable x = t; x != null; x = x.getCause()) {
            if (x instanceof ImException e) {
                return e;
            }
            if (x instanceof DecodeException d && !(d.getCause() instanceof ImException)) {
                return new ImException(ErrorCode.MALFORMED_FRAME, d.getMessage());
            }
        }
        return null;
    }

}
