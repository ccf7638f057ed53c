package com.xuqinmin.im.webhook;

import com.xuqinmin.im.delivery.AppChanged;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.Json;
import com.xuqinmin.im.platform.OutboundUrls;
import com.xuqinmin.im.platform.Tx;
import com.xuqinmin.im.platform.Ulids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * An app's webhook configuration (docs/api.md, "Webhooks"), the test delivery, and what the API
 * shows of deliveries. The same calls serve the server API (the app's own back-end) and the tenant
 * console (which checks the app is the tenant's first).
 */
@ApplicationScoped
public class WebhookService {

    public static final long TIMEOUT_DEFAULT_MS = 2000;
    public static final long TIMEOUT_MIN_MS = 100;
    public static final long TIMEOUT_MAX_MS = 5000;
    public static final int LOG_LIMIT_MAX = 200;

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    ImConfig config;

    @Inject
    WebhookCaller caller;

    @Inject
    DeliveryLog log;

    @Inject
    OutboxStore outbox;

    @Inject
    Tx tx;

    @Inject
    Event<AppChanged> changes;

    /** The settings as given: {@code url} is required, the others have defaults. */
    public record Settings(String url, List<String> events, Long timeoutMs, String failurePolicy) {
    }

    /** The configuration as the API shows it. */
    public record View(String url, List<String> events, long timeoutMs, String failurePolicy, long updatedAt,
            boolean circuitOpen) {
    }

    /** What the test delivery got: a 2xx ({@code ok}), or why not. */
    public record PingResult(boolean ok, Integer httpStatus, long latencyMs, String answer, String error) {
    }

    @Transactional
    public View get(String appKey) {
        Webhook w = em.find(Webhook.class, appKey);
        if (w == null) {
            throw new ImException(ErrorCode.NOT_FOUND, "the app has no webhook");
        }
        return view(w);
    }

    @Transactional
    public View put(String appKey, Settings s) {
        if (s == null || s.url() == null || s.url().isBlank()) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "url is required");
        }
        String url = checkUrl(s.url().trim());
        List<String> events = new ArrayList<>();
        for (String name : s.events() == null ? List.<String>of() : s.events()) {
            HookEvent e = HookEvent.ofWire(name).orElseThrow(() -> new ImException(ErrorCode.VALIDATION_FAILED,
                    "unknown event " + name + "; the events are " + Arrays.stream(HookEvent.values())
                            .filter(x -> x != HookEvent.PING).map(HookEvent::wire).collect(Collectors.joining(", "))));
            if (!events.contains(e.wire())) {
                events.add(e.wire());
            }
        }
        long timeout = s.timeoutMs() == null ? TIMEOUT_DEFAULT_MS : s.timeoutMs();
        if (timeout < TIMEOUT_MIN_MS || timeout > TIMEOUT_MAX_MS) {
            throw new ImException(ErrorCode.VALIDATION_FAILED,
                    "timeoutMs must be " + TIMEOUT_MIN_MS + " to " + TIMEOUT_MAX_MS);
        }
        String policy = s.failurePolicy() == null ? "failOpen" : s.failurePolicy();
        if (!policy.equals("failOpen") && !policy.equals("failClosed")) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "failurePolicy must be failOpen or failClosed");
        }
        Webhook w = em.find(Webhook.class, appKey);
        if (w == null) {
            w = new Webhook(appKey);
            w.set(url, String.join(",", events), (int) timeout, policy.equals("failClosed"), System.currentTimeMillis());
            em.persist(w);
        } else {
            w.set(url, String.join(",", events), (int) timeout, policy.equals("failClosed"), System.currentTimeMillis());
        }
        changes.fire(new AppChanged(appKey, false));
        return view(w);
    }

    /** Removes the webhook: no more calls; events already in the outbox are dropped when their turn comes. */
    @Transactional
    public void delete(String appKey) {
        Webhook w = em.find(Webhook.class, appKey);
        if (w == null) {
            throw new ImException(ErrorCode.NOT_FOUND, "the app has no webhook");
        }
        em.remove(w);
        changes.fire(new AppChanged(appKey, false));
    }

    /** Sends a {@code ping} event now and waits for the answer (at most the configured timeout). */
    public PingResult ping(String appKey) {
        Hook hook = tx.call(() -> {
            Webhook w = em.find(Webhook.class, appKey);
            if (w == null) {
                throw new ImException(ErrorCode.NOT_FOUND, "the app has no webhook");
            }
            return Hook.of(w);
        });
        String id = Ulids.next();
        StringBuilder sb = new StringBuilder(128).append('{');
        Json.field(sb, "event", HookEvent.PING.wire());
        Json.field(sb, "appKey", appKey);
        Json.field(sb, "eventId", id);
        Json.field(sb, "timestamp", System.currentTimeMillis());
        sb.append('}');
        try {
            WebhookCaller.Answer a = caller.call(hook, HookEvent.PING, id, sb.toString())
                    .get(hook.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            String body = a.body().length() > 1024 ? a.body().substring(0, 1024) : a.body();
            return new PingResult(true, a.status(), a.latencyMillis(), body, null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebhookCaller.Failed f) {
                return new PingResult(false, f.status(), 0, null, f.outcome() + ": " + f.getMessage());
            }
            throw ImException.of(e.getCause());
        } catch (TimeoutException e) {
            return new PingResult(false, null, hook.timeout().toMillis(), null, "TIMEOUT");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImException(ErrorCode.SERVICE_UNAVAILABLE, "interrupted");
        }
    }

    /** The app's last delivery attempts, newest first (at most {@link #LOG_LIMIT_MAX}). */
    public List<DeliveryLog.Entry> deliveries(String appKey, String eventId, Integer limit) {
        log.flush(); // what was just tried shows at once
        return log.last(appKey, eventId, limit(limit));
    }

    /** The app's after-events in the outbox, newest first; {@code status} PENDING, DELIVERED or FAILED. */
    public List<OutboxStore.Pending> events(String appKey, String status, Integer limit) {
        if (status != null) {
            try {
                OutboxEvent.Status.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, "status must be PENDING, DELIVERED or FAILED");
            }
        }
        return outbox.list(appKey, status, limit(limit));
    }

    private static int limit(Integer limit) {
        if (limit == null) {
            return 50;
        }
        if (limit < 1 || limit > LOG_LIMIT_MAX) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "limit must be 1 to " + LOG_LIMIT_MAX);
        }
        return limit;
    }

    private View view(Webhook w) {
        return new View(w.getUrl(), List.copyOf(Hook.parse(w.getEvents()).stream().map(HookEvent::wire).toList()),
                w.getTimeoutMillis(), w.isFailClosed() ? "failClosed" : "failOpen", w.getUpdatedAt(),
                caller.circuitOpen(w.getAppKey()));
    }

    /** https (http to a loopback address when the server allows it), and not to a private address: {@link OutboundUrls}. */
    private String checkUrl(String url) {
        OutboundUrls.check("url", url, OutboundUrls.Policy.of(config));
        return url;
    }
}
