package com.xuqinmin.im.gateway;

import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.BusReconnected;
import com.xuqinmin.im.platform.Redis;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Online status shared by every node through Redis: a hash per user ({@code im:presence:{app}:{user}},
 * session id to {@code instance|device|connectedAt|transport|platform}) and a key per running node instance that the
 * node refreshes on a timer. A node killed without a goodbye stops refreshing its key, and its
 * sessions stop counting as online once the key expires ({@code IM_PRESENCE_TTL_MS}). While Redis
 * is away the answer is this node's own sessions; when it returns (it may have lost everything) the
 * node writes its sessions again.
 */
@ApplicationScoped
@Typed(RedisPresence.class)
public class RedisPresence implements Presence {

    private static final Logger LOG = Logger.getLogger(RedisPresence.class.getName());
    private static final long USER_KEY_TTL_SECONDS = 86_400;

    @Inject
    Redis redis;

    @Inject
    SessionRegistry registry;

    @Inject
    LocalPresence local;

    @Inject
    ImConfig config;

    @Resource
    ManagedScheduledExecutorService scheduler;

    // a restarted node (same IM_NODE_ID) is a new instance: the sessions of the old one are dead
    private final String instance = UUID.randomUUID().toString().substring(0, 12);
    private ScheduledFuture<?> heartbeat;

    void init(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (!redis.enabled()) {
            return;
        }
        long every = Math.max(1000, config.presenceTtlMillis() / 3);
        heartbeat = scheduler.scheduleWithFixedDelay(this::alive, 0, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        try {
            commands().del(nodeKey(instance)); // a clean stop is offline at once
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "could not remove the node key", e);
        }
    }

    @Override
    public List<Session> sessionsOf(String appKey, String userId) {
        Map<String, String> all;
        RedisCommands<String, String> r;
        try {
            r = commands();
            all = r.hgetall(userKey(appKey, userId));
        } catch (RuntimeException e) {
            return local.sessionsOf(appKey, userId); // Redis away: what this node knows
        }
        Map<String, Boolean> alive = new HashMap<>();
        List<Session> out = new ArrayList<>();
        List<String> dead = new ArrayList<>();
        for (Map.Entry<String, String> e : all.entrySet()) {
            // instance|device|connectedAt|transport|platform (a value of an older node has three fields)
            String[] v = e.getValue().split("\\|", 5);
            if (v.length < 3) {
                continue;
            }
            boolean up = alive.computeIfAbsent(v[0], i -> i.equals(instance) || r.exists(nodeKey(i)) > 0);
            if (!up) {
                dead.add(e.getKey());
                continue;
            }
            out.add(new Session(e.getKey(), v[1], Long.parseLong(v[2]), v.length > 3 ? v[3] : null,
                    Platform.stored(v.length > 4 ? v[4] : null).wire()));
        }
        if (!dead.isEmpty()) {
            r.hdel(userKey(appKey, userId), dead.toArray(String[]::new));
        }
        out.sort(LocalPresence.ORDER);
        return out;
    }

    /**
     * Every node's online users of the app: the user hashes found by {@code SCAN} (which does not block
     * Redis, but walks its whole key space a page at a time), each checked as {@link #sessionsOf} does.
     * For a console, not for a hot path; at most {@link #SCAN_KEYS_MAX} hashes are read, then
     * {@code more} is set.
     */
    @Override
    public Online onlineIn(String appKey, int limit) {
        RedisCommands<String, String> r;
        List<String> userIds = new ArrayList<>();
        boolean cut = false;
        String prefix = "im:presence:" + appKey + ":";
        try {
            r = commands();
            ScanArgs args = ScanArgs.Builder.matches(prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*").limit(1000);
            KeyScanCursor<String> cursor = r.scan(args);
            while (true) {
                for (String k : cursor.getKeys()) {
                    userIds.add(k.substring(prefix.length()));
                }
                if (cursor.isFinished()) {
                    break;
                }
                if (userIds.size() >= SCAN_KEYS_MAX) {
                    cut = true;
                    break;
                }
                cursor = r.scan(cursor, args);
            }
        } catch (RuntimeException e) {
            Online here = local.onlineIn(appKey, limit); // Redis away: what this node knows
            return new Online(here.users(), here.more(), "node");
        }
        java.util.Collections.sort(userIds);
        List<OnlineUser> users = new ArrayList<>();
        for (String u : new java.util.LinkedHashSet<>(userIds)) {
            List<Session> s = sessionsOf(appKey, u);
            if (s.isEmpty()) {
                continue;
            }
            if (users.size() == limit) {
                cut = true;
                break;
            }
            users.add(new OnlineUser(u, s));
        }
        return new Online(users, cut, "cluster");
    }

    /** How many user hashes {@link #onlineIn} reads at most. */
    static final int SCAN_KEYS_MAX = 10_000;

    @Override
    public void connected(Connection c) {
        try {
            write(commands(), c);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "presence not written (Redis away); written again when it returns", e);
        }
    }

    @Override
    public void closed(Connection c) {
        Identity who = c.identity();
        if (who == null) {
            return;
        }
        try {
            commands().hdel(userKey(who.appKey(), who.userId()), c.id());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "presence not removed (Redis away); its node key expires instead", e);
        }
    }

    private void alive() {
        try {
            commands().set(nodeKey(instance), redis.nodeId(), SetArgs.Builder.px(config.presenceTtlMillis()));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "node key not refreshed (Redis away)", e);
        }
    }

    /** After Redis returns: it may have restarted empty, so this node's sessions are written again. */
    void writeAll(@ObservesAsync BusReconnected reconnected) {
        alive();
        RedisCommands<String, String> r = commands();
        for (Connection c : registry.connectedSessions()) {
            write(r, c);
        }
    }

    private void write(RedisCommands<String, String> r, Connection c) {
        Identity who = c.identity();
        String key = userKey(who.appKey(), who.userId());
        r.hset(key, c.id(), instance + "|" + c.deviceId() + "|" + c.connectedAtMillis() + "|" + c.transportName() + "|"
                + c.platform().wire());
        r.expire(key, USER_KEY_TTL_SECONDS);
    }

    private RedisCommands<String, String> commands() {
        return redis.commands().orElseThrow(() -> new RedisException("not connected to Redis yet")).sync();
    }

    private static String userKey(String appKey, String userId) {
        return "im:presence:" + appKey + ":" + userId;
    }

    private static String nodeKey(String instance) {
        return "im:node:" + instance;
    }
}
