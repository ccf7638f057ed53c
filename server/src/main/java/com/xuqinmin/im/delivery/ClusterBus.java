package com.xuqinmin.im.delivery;

import com.xuqinmin.im.platform.ImMetrics;
import com.xuqinmin.im.platform.Redis;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Inject;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Carries {@link ImEvent}s between the nodes of a cluster (with {@code IM_REDIS_URL} set; on one
 * node it does nothing). Every event fired on this node is published on a Redis channel, as JSON
 * tagged with this node's id, once its transaction has committed; what other nodes publish is fired
 * here again, qualified {@link FromPeer}, by one reader thread in the order Redis delivered it. This
 * node's own observers got the event in-process when it was fired, so a Redis outage never stops
 * local delivery or receipts; what other nodes missed meanwhile is caught up from the database when
 * Redis returns (gateway.CatchUp).
 */
@ApplicationScoped
public class ClusterBus {

    private static final Logger LOG = Logger.getLogger(ClusterBus.class.getName());
    static final String CHANNEL = "im:deliveries";
    /** Deliveries from other nodes waiting for the reader; beyond it they are dropped and caught up by sync. */
    private static final int INBOX_MAX = 100_000;

    @Inject
    Redis redis;

    // @Any, not the implicit @Default: select(FromPeer) adds to the injection point's qualifiers, and
    // a peer's event that kept @Default reached the @Default observers, this bus's publish among them,
    // which sent it back: every event bounced between the nodes for ever, and each bounce pushed an
    // offline user's phone again (ClusterIT, the offline push test)
    @Inject
    @Any
    Event<ImEvent> events;

    @Inject
    ImMetrics metrics;

    @Resource
    ManagedThreadFactory threads;

    private final BlockingQueue<String> inbox = new ArrayBlockingQueue<>(INBOX_MAX);
    private volatile boolean stopping;
    private Thread reader;

    void init(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (!redis.enabled()) {
            return;
        }
        reader = threads.newThread(this::readLoop);
        reader.setName("im-bus-reader");
        reader.setDaemon(true);
        reader.start();
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
    }

    /**
     * Publishes an event fired on this node (not one that came from a peer) to the other nodes, after
     * the commit of the transaction it was fired in, or at once when there is none (a lane fires
     * after its own commit).
     */
    void publish(@Observes(during = TransactionPhase.AFTER_SUCCESS) @Default ImEvent e) {
        if (!redis.enabled()) {
            return;
        }
        var c = redis.commands();
        if (c.isEmpty() || !redis.up()) {
            metrics.busPublishFailed();
            return;
        }
        try {
            c.get().async().publish(CHANNEL, DeliveryCodec.encode(redis.nodeId(), System.currentTimeMillis(), e))
                    .exceptionally(x -> {
                        metrics.busPublishFailed();
                        return 0L;
                    });
        } catch (RuntimeException x) {
            metrics.busPublishFailed(); // the other nodes' sessions catch up when the bus returns
        }
    }

    private void readLoop() {
        Event<ImEvent> fromPeer = events.select(FromPeer.Literal.INSTANCE);
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
                    continue; // this node's observers had it when it was fired
                }
                metrics.busReceived(env.publishedAt());
                fromPeer.fire(env.event());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a delivery from the bus could not be handled", e);
            }
        }
    }
}
