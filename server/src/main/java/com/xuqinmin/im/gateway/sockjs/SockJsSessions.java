package com.xuqinmin.im.gateway.sockjs;

import com.xuqinmin.im.gateway.Connection;
import com.xuqinmin.im.gateway.Gateway;
import com.xuqinmin.im.gateway.PendingConnections;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.stomp.StompDecoder;
import com.xuqinmin.im.stomp.StompLimits;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This node's SockJS sessions over HTTP, by session id (the client's random id; the server id of
 * the URL is for load balancers and ignored). It opens a session's {@link Connection} through the
 * {@link Gateway} like a WebSocket's, and once a second it visits every session for its
 * heart-beat, its stuck writes and its disconnect delay.
 */
@ApplicationScoped
public class SockJsSessions {

    private static final Logger LOG = Logger.getLogger(SockJsSessions.class.getName());
    private static final long SWEEP_MILLIS = 500;

    @Inject
    Gateway gateway;

    @Inject
    ImConfig config;

    @Resource
    ManagedScheduledExecutorService scheduler;

    /** A {@code h} frame when nothing else was written for this long (sockjs-protocol: 25 s). */
    @Inject
    @ConfigProperty(name = "im.sockjs.heartbeat-ms", defaultValue = "25000")
    long heartbeatMillis;

    /** A session without a receiving request for this long is closed (sockjs-protocol: 5 s). */
    @Inject
    @ConfigProperty(name = "im.sockjs.disconnect-delay-ms", defaultValue = "5000")
    long disconnectMillis;

    /** An xhr_streaming response ends after this many bytes; the client opens the next (sockjs-protocol: 128 KiB). */
    @Inject
    @ConfigProperty(name = "im.sockjs.stream-bytes", defaultValue = "131072")
    long streamBytes;

    private final ConcurrentHashMap<String, SockJsSession> sessions = new ConcurrentHashMap<>();
    private ScheduledFuture<?> sweeper;

    @PostConstruct
    void start() {
        sweeper = scheduler.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
    }

    /**
     * The most bytes of one xhr_send body or SockJS WebSocket message: twice a STOMP message's limit
     * ({@code IM_WS_MAX_MESSAGE_BYTES}), room for JSON's escapes of a message at the limit. Each
     * message inside is held to the STOMP limit itself.
     */
    static int maxBodyBytes(ImConfig config) {
        return (int) Math.min(Integer.MAX_VALUE - 8, 2L * config.wsMaxMessageBytes());
    }

    int maxBodyBytes() {
        return maxBodyBytes(config);
    }

    long streamBytes() {
        return Math.max(1, streamBytes);
    }

    SockJsSession get(String id) {
        return sessions.get(id);
    }

    /**
     * The session {@code id}, opened now (with its connection, which has {@code token} and
     * {@code place}; carried by {@code xhr_streaming} or {@code xhr} as {@code streaming} says) unless a request for the same id opened it first; then {@code place} is given back.
     */
    SockJsSession open(String id, String token, PendingConnections.Place place, boolean streaming) {
        SockJsSession s = new SockJsSession(id, this, new StompDecoder(
                new StompLimits(config.frameMaxBytes(), config.frameMaxHeaders()),
                config.wsMaxMessageBytes(), config.wsMaxMessageBytes()), streaming);
        SockJsSession before = sessions.putIfAbsent(id, s);
        if (before != null) {
            place.release();
            return before;
        }
        try {
            s.connection(gateway.open(s, token, place));
        } catch (RuntimeException e) {
            sessions.remove(id, s);
            place.release();
            throw e;
        }
        return s;
    }

    /** A session closed: its connection is forgotten now (off the caller's thread), the session after its delay. */
    void closed(SockJsSession s) {
        try {
            scheduler.execute(() -> release(s));
        } catch (RuntimeException e) {
            release(s); // the executor is shutting down
        }
    }

    private void release(SockJsSession s) {
        Connection c = s.connection();
        if (c != null) {
            gateway.closed(c);
        }
    }

    /** Sessions open on this node. */
    int count() {
        return sessions.size();
    }

    private void sweep() {
        long now = System.currentTimeMillis();
        long writeTimeout = Math.max(1000, config.sendTimeoutMillis());
        for (SockJsSession s : sessions.values()) {
            try {
                if (s.sweep(now, heartbeatMillis, writeTimeout, disconnectMillis)) {
                    sessions.remove(s.id, s);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "SockJS sweep failed for session " + s.id, e);
            }
        }
    }
}
