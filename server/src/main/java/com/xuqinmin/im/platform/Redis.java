package com.xuqinmin.im.platform;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The cluster's shared Redis (DESIGN.md §4), when {@code IM_REDIS_URL} is set: one command
 * connection and one pub/sub connection, both reconnecting by themselves. Commands fail at once
 * while Redis is away (instead of queueing), so callers fall back to what this node can do alone;
 * after an outage it fires {@link BusReconnected} for whoever must catch up.
 */
@ApplicationScoped
public class Redis {

    private static final Logger LOG = Logger.getLogger(Redis.class.getName());
    /** Where a node that reconnected after an outage says so; the others then catch up their sessions. */
    public static final String RESYNC_CHANNEL = "im:resync";

    @Inject
    ImConfig config;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private String nodeId;
    private RedisClient client;
    private volatile StatefulRedisConnection<String, String> commands;
    private volatile StatefulRedisPubSubConnection<String, String> pubSub;
    private volatile boolean up;
    private volatile boolean wasDown;
    @Inject
    Event<BusReconnected> reconnected;

    private final List<Consumer<StatefulRedisPubSubConnection<String, String>>> pubSubSetups =
            new CopyOnWriteArrayList<>();
    private ScheduledFuture<?> connector;

    @PostConstruct
    void start() {
        nodeId = config.nodeId().orElseGet(Redis::defaultNodeId);
        if (config.redisUrl().isEmpty()) {
            return;
        }
        RedisURI uri = RedisURI.create(config.redisUrl().get());
        uri.setTimeout(Duration.ofMillis(config.redisTimeoutMillis()));
        client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // fail fast while disconnected: a command queued for minutes helps nobody
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofMillis(config.redisTimeoutMillis())))
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(io.lettuce.core.RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
                connectedAgain();
            }

            @Override
            public void onRedisDisconnected(io.lettuce.core.RedisChannelHandler<?, ?> connection) {
                if (up) {
                    LOG.warning("Redis connection lost; this node delivers to its own sessions only until it returns");
                }
                up = false;
                wasDown = true;
            }
        });
        // the first connection is made (and retried) in the background: a node starts without Redis
        connector = scheduler.scheduleWithFixedDelay(this::connectIfNeeded, 0, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (connector != null) {
            connector.cancel(false);
        }
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** Whether a Redis is configured (a cluster), whether or not it answers right now. */
    public boolean enabled() {
        return client != null;
    }

    /** Whether the connections to Redis are up right now. */
    public boolean up() {
        return up && commands != null && commands.isOpen() && pubSub != null && pubSub.isOpen();
    }

    /** This node's name in the cluster (IM_NODE_ID, or the host name with a random suffix). */
    public String nodeId() {
        return nodeId;
    }

    /** The command connection, once made; its commands fail with a {@code RedisException} while Redis is away. */
    public Optional<StatefulRedisConnection<String, String>> commands() {
        return Optional.ofNullable(commands);
    }

    /** The pub/sub connection for publishing, once connected. */
    public Optional<StatefulRedisPubSubConnection<String, String>> pubSub() {
        return Optional.ofNullable(pubSub);
    }

    /** Sets up the pub/sub connection (listeners, subscriptions) now if it exists, and on its creation. */
    public void withPubSub(Consumer<StatefulRedisPubSubConnection<String, String>> setup) {
        pubSubSetups.add(setup);
        StatefulRedisPubSubConnection<String, String> p = pubSub;
        if (p != null) {
            setup.accept(p);
        }
    }

    private synchronized void connectIfNeeded() {
        try {
            if (commands == null) {
                commands = client.connect();
            }
            if (pubSub == null) {
                StatefulRedisPubSubConnection<String, String> p = client.connectPubSub();
                for (Consumer<StatefulRedisPubSubConnection<String, String>> s : pubSubSetups) {
                    s.accept(p);
                }
                pubSub = p;
            }
            if (!up && commands.isOpen() && pubSub.isOpen()) {
                connectedAgain();
            }
            if (connector != null && commands != null && pubSub != null) {
                connector.cancel(false); // from now on Lettuce reconnects by itself
            }
        } catch (RuntimeException e) {
            if (!wasDown) {
                LOG.log(Level.WARNING, "Redis at " + redact(config.redisUrl().orElse("")) + " does not answer ("
                        + e.getMessage() + "); retrying every second");
            }
            wasDown = true;
        }
    }

    private void connectedAgain() {
        StatefulRedisConnection<String, String> c = commands;
        StatefulRedisPubSubConnection<String, String> p = pubSub;
        boolean both = c != null && c.isOpen() && p != null && p.isOpen();
        if (!both || up) {
            return;
        }
        up = true;
        LOG.info(() -> "Redis connected; node " + nodeId + (wasDown ? " catches up what it missed" : ""));
        if (wasDown) {
            wasDown = false;
            // what this node published while away never reached the others, even if their own
            // connections stayed up: they catch up too
            try {
                c.async().publish(RESYNC_CHANNEL, nodeId);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "could not ask the other nodes to catch up", e);
            }
            caughtUp(nodeId);
        }
    }

    /** Another node came back after an outage: this node's sessions may lack what it stored meanwhile. */
    public void peerReconnected(String peer) {
        if (!peer.equals(nodeId)) {
            LOG.info(() -> "Node " + peer + " reconnected to Redis; catching up this node's sessions");
            caughtUp(peer);
        }
    }

    /**
     * Tells whoever catches up, a moment later (what the peers publish right after the reconnection
     * arrives by the bus anyway). Lettuce calls us on its I/O thread: the event is fired asynchronously,
     * so the catch-up, which reads the database, runs on a managed thread and nothing here waits for it.
     */
    private void caughtUp(String node) {
        scheduler.schedule(() -> reconnected.fireAsync(new BusReconnected(node)).exceptionally(e -> {
            LOG.log(Level.WARNING, "catch-up after a Redis reconnection failed", e);
            return null;
        }), 200, TimeUnit.MILLISECONDS);
    }

    private static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "node";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String redact(String url) {
        return url.replaceAll("(?<=//)[^@/]*@", "***@");
    }
}
