package com.xuqinmin.im.delivery;

import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.ImMetrics;
import com.xuqinmin.im.platform.Redis;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Hands this node's sessions each conversation's stored messages in seq order. On one node there
 * is nothing to do: a conversation's lane fires its messages in order. In a cluster two nodes' lanes
 * store into one conversation, so their messages meet here in any order and pass through a
 * {@link ConversationOrder}, which holds a message until its predecessor arrives and reads a lost
 * one from the database (through the {@link ConversationOrder.GapLoader} the chat provides).
 */
@ApplicationScoped
public class MessageOrder {

    @Inject
    Redis redis;

    @Inject
    ImConfig config;

    @Inject
    ImMetrics metrics;

    @Inject
    Instance<ConversationOrder.GapLoader> gaps;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private volatile Consumer<MessageStored> sink;
    private volatile ConversationOrder order;
    private ScheduledFuture<?> ticker;

    /** Where messages go once in order; the session registry calls it once, at start-up. */
    public synchronized void deliverTo(Consumer<MessageStored> sink) {
        this.sink = sink;
        if (redis.enabled() && order == null) {
            ConversationOrder o = new ConversationOrder(sink, gaps.get(), config.orderHoldMillis());
            ticker = scheduler.scheduleWithFixedDelay(() -> o.tick(System.currentTimeMillis()), 50, 50,
                    TimeUnit.MILLISECONDS);
            metrics.gauge("im.bus.held", "Messages held back until an earlier seq of their conversation arrives",
                    o::heldCount);
            order = o;
        }
    }

    @PreDestroy
    void stop() {
        if (ticker != null) {
            ticker.cancel(false);
        }
    }

    /** Passes a stored message on now, or once the messages before it in its conversation have passed. */
    public void offer(MessageStored m) {
        ConversationOrder o = order;
        if (o == null) {
            sink.accept(m);
        } else {
            o.offer(m, System.currentTimeMillis());
        }
    }
}
