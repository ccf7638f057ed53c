package com.xuqinmin.im.webhook;

import com.xuqinmin.im.platform.ImConfig;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers the outbox: every {@code IM_WEBHOOK_WORKER_PERIOD_MS} it claims due events (at most
 * {@code IM_WEBHOOK_WORKER_BATCH}, again at once while it finds full batches), posts them, the
 * events of one key one after another, different keys at once, and records each outcome. A failed
 * event is retried with exponential backoff ({@code IM_WEBHOOK_RETRY_BASE_MS} doubled per try, at
 * most an hour apart) until {@code IM_WEBHOOK_RETRY_FOR_MS} (24 h) after it happened, then FAILED.
 * Delivery is at least once: a node that dies between the call and the record leaves the event
 * claimed for {@code IM_WEBHOOK_LEASE_MS} (a minute), then another node (or this one, restarted) sends it again with the same
 * eventId.
 */
@ApplicationScoped
public class OutboxWorker {

    private static final Logger LOG = Logger.getLogger(OutboxWorker.class.getName());

    /** The longest wait between two tries. */
    static final long BACKOFF_MAX_MILLIS = 3_600_000;
    /** Done events are kept this long (for the API), then deleted. */
    static final long KEEP_MILLIS = 7L * 86_400_000;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    OutboxStore store;

    @Inject
    Hooks hooks;

    @Inject
    WebhookCaller caller;

    @Inject
    DeliveryLog log;

    @Inject
    ImConfig config;

    private volatile boolean postgres;
    private volatile boolean stopped;
    private ScheduledFuture<?> task;
    private long lastPrune;

    /** Called at start-up, once the schema is migrated. */
    public void start(boolean postgres) {
        this.postgres = postgres;
        long every = config.webhookWorkerPeriodMillis();
        task = scheduler.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        stopped = true;
        if (task != null) {
            task.cancel(false);
        }
    }

    private void tick() {
        try {
            int claimed;
            do {
                claimed = deliverDue();
            } while (claimed >= config.webhookWorkerBatch() && !stopped);
            log.flush();
            long now = System.currentTimeMillis();
            if (now - lastPrune > 60_000) {
                lastPrune = now;
                store.prune(now - KEEP_MILLIS);
            }
        } catch (RuntimeException e) {
            if (!stopped) {
                LOG.log(Level.WARNING, "the webhook outbox could not be delivered; will retry", e);
            }
        }
    }

    /** One batch: claim, deliver, record; answers how many were claimed. */
    int deliverDue() {
        long now = System.currentTimeMillis();
        List<OutboxEvent> due = store.claim(now, config.webhookWorkerBatch(), config.webhookLeaseMillis(), postgres);
        if (due.isEmpty()) {
            return 0;
        }
        Map<String, List<OutboxEvent>> byKey = new LinkedHashMap<>();
        for (OutboxEvent e : due) {
            byKey.computeIfAbsent(e.getOrderKey(), k -> new ArrayList<>()).add(e);
        }
        List<String> delivered = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> chains = new ArrayList<>(byKey.size());
        for (List<OutboxEvent> events : byKey.values()) {
            CompletableFuture<Boolean> chain = CompletableFuture.completedFuture(true);
            for (OutboxEvent e : events) {
                // one key in order: an event is tried only when the one before it went through
                chain = chain.thenCompose(ok -> ok ? deliver(e, delivered) : later(e));
            }
            chains.add(chain.thenAccept(ok -> { }));
        }
        CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new)).join();
        store.delivered(delivered);
        return due.size();
    }

    private CompletableFuture<Boolean> deliver(OutboxEvent e, List<String> delivered) {
        Optional<Hook> hook = hooks.find(e.getAppKey());
        HookEvent type = HookEvent.ofWire(e.getEvent()).orElse(HookEvent.PING);
        if (hook.isEmpty() || !hook.get().wants(type)) {
            // the app turned the event (or its webhook) off since: nobody to tell
            store.failed(e.getId(), e.getNextAt(), true);
            return CompletableFuture.completedFuture(true);
        }
        return caller.call(hook.get(), type, e.getId(), e.getBody()).handle((answer, err) -> {
            if (err == null) {
                delivered.add(e.getId());
                return true;
            }
            retry(e);
            return false;
        });
    }

    /** An event behind one that failed: it waits for the next tick, untried. */
    private CompletableFuture<Boolean> later(OutboxEvent e) {
        store.release(e.getId(), System.currentTimeMillis());
        return CompletableFuture.completedFuture(false);
    }

    private void retry(OutboxEvent e) {
        long now = System.currentTimeMillis();
        int tries = e.getAttempts() + 1;
        long wait = Math.min(BACKOFF_MAX_MILLIS, config.webhookRetryBaseMillis() << Math.min(30, tries - 1));
        boolean giveUp = now + wait > e.getCreatedAt() + config.webhookRetryForMillis();
        store.failed(e.getId(), now + wait, giveUp);
        if (giveUp) {
            LOG.warning(() -> "webhook event " + e.getId() + " (" + e.getEvent() + ") of " + e.getAppKey()
                    + " given up after " + tries + " tries");
        }
    }
}
