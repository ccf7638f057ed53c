package com.xuqinmin.im.delivery;

import com.xuqinmin.im.chat.ConversationLanes;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.ImMetrics;
import com.xuqinmin.im.platform.Redis;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The cluster's bus: a delivery goes to this node's own sessions at once (in-process, so a Redis
 * outage never stops local delivery or receipts) and to the other nodes through a Redis channel,
 * as JSON tagged with this node's id. What other nodes publish is handed to this node's observers
 * by one reader thread, in the order Redis delivered it; messages pass through
 * {@link ConversationOrder} so each conversation stays in seq order across nodes. Messages lost
 * while Redis was away are caught up from the database when it returns (gateway.CatchUp).
 */
@ApplicationScoped
@Typed(RedisDeliveryBus.class)
public class RedisDeliveryBus implements DeliveryBus {

    private static final Logger LOG = Logger.getLogger(RedisDeliveryBus.class.getName());
    static final String CHANNEL = "im:deliveries";
    private static final int INBOX_MAX = 100_000;

    @Inject
    Redis redis;

    @Inject
    Event<Delivery> event;

    @Inject
    ImMetrics metrics;

    @Inject
    ImConfig config;

    @Inject
    ConversationLanes lanes;

    @Resource
    ManagedThreadFactory threads;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final BlockingQueue<String> inbox = new LinkedBlockingQueue<>(INBOX_MAX);
    private volatile ConversationOrder order;
    private volatile boolean stopping;
    private Thread reader;
    private ScheduledFuture<?> ticker;

    void init(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (!redis.enabled()) {
            return;
        }
        order = new ConversationOrder(event::fire, lanes::storedBetween, config.orderHoldMillis());
        reader = threads.newThread(this::readLoop);
        reader.setName("im-bus-reader");
        reader.setDaemon(true);
        reader.start();
        ticker = scheduler.scheduleWithFixedDelay(() -> order.tick(System.currentTimeMillis()), 50, 50,
                TimeUnit.MILLISECONDS);
        metrics.gauge("im.bus.held", "Messages held back until an earlier seq of their conversation arrives",
                order::heldCount);
        metrics.gauge("im.bus.up", "1 while this node is connected to Redis, else 0", () -> redis.up() ? 1 : 0);
        redis.withPubSub(p -> {
            p.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    if (Redis.RESYNC_CHANNEL.equals(channel)) {
                        redis.peerReconnected(message);
                        return;
                    }
                    // Lettuce's I/O thread: only queue here
                    if (!inbox.offer(message)) {
                        LOG.warning("bus inbox full: a delivery from another node was dropped (clients catch up by sync)");
                    }
                }
            });
            p.sync().subscribe(CHANNEL, Redis.RESYNC_CHANNEL);
        });
        LOG.info(() -> "Cluster bus on Redis, node " + redis.nodeId());
    }

    @PreDestroy
    void stop() {
        stopping = true;
        if (reader != null) {
            reader.interrupt();
        }
        if (ticker != null) {
            ticker.cancel(false);
        }
    }

    @Override
    public void publish(Delivery d) {
        long now = System.currentTimeMillis();
        deliverHere(d, now);
        var c = redis.commands();
        if (c.isEmpty() || !redis.up()) {
            metrics.busPublishFailed();
            return;
        }
        try {
            c.get().async().publish(CHANNEL, DeliveryCodec.encode(redis.nodeId(), now, d))
                    .exceptionally(e -> {
                        metrics.busPublishFailed();
                        return 0L;
                    });
        } catch (RuntimeException e) {
            metrics.busPublishFailed(); // the other nodes' sessions catch up when the bus returns
        }
    }

    private void deliverHere(Delivery d, long now) {
        ConversationOrder o = order;
        if (d instanceof Delivery.MessageEvent e && o != null) {
            o.offer(e, now);
        } else {
            event.fire(d);
        }
    }

    private void readLoop() {
        while (!stopping) {
            String text;
            try {
                text = inbox.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                DeliveryCodec.Envelope env = DeliveryCodec.decode(text);
                if (env.node().equals(redis.nodeId())) {
                    continue; // this node delivered it when it published it
                }
                metrics.busReceived(env.publishedAt());
                deliverHere(env.delivery(), System.currentTimeMillis());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a delivery from the bus could not be handled", e);
            }
        }
    }
}
