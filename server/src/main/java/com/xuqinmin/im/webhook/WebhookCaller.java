package com.xuqinmin.im.webhook;

import com.xuqinmin.im.account.AppInfo;
import com.xuqinmin.im.account.Apps;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.OutboundUrls;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Makes the signed HTTP calls to the apps' back-ends. The JDK's asynchronous client: no caller
 * thread waits for an answer (a lane never does, nor a WebSocket thread). Each app has a bound on
 * its calls in flight ({@code IM_WEBHOOK_CONCURRENCY_PER_APP}) and a circuit breaker that opens
 * after {@code IM_WEBHOOK_BREAKER_FAILURES} failures in a row; a call refused by either fails at
 * once, without going out. Every call is noted in the {@link DeliveryLog}.
 */
@ApplicationScoped
public class WebhookCaller {

    /** The most bytes of an answer read; a longer one is a failure. */
    static final int ANSWER_MAX_BYTES = 65_536;

    @Resource
    ManagedThreadFactory threadFactory;

    @Inject
    Apps apps;

    @Inject
    ImConfig config;

    @Inject
    DeliveryLog log;

    private ExecutorService executor;
    private HttpClient http;
    private final Map<String, PerApp> perApp = new ConcurrentHashMap<>();

    /** A 2xx answer. */
    public record Answer(int status, String body, long latencyMillis) {
    }

    /** A call that got no 2xx answer, or was not made; {@code reason} is safe to show to the tenant. */
    public static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Attempt.Outcome outcome;
        final Integer status;

        Failed(Attempt.Outcome outcome, Integer status, String reason) {
            super(reason, null, false, false);
            this.outcome = outcome;
            this.status = status;
        }

        public Integer status() {
            return status;
        }

        public String outcome() {
            return outcome.name();
        }
    }

    private record PerApp(Semaphore inFlight, Breaker breaker) {
    }

    @PostConstruct
    void start() {
        executor = Executors.newFixedThreadPool(4, threadFactory);
        http = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /**
     * Posts {@code body} (the event's JSON) to the hook's URL with the signature headers; completes
     * with the answer when it is a 2xx, else exceptionally with {@link Failed}. Never throws.
     */
    public CompletableFuture<Answer> call(Hook hook, HookEvent event, String eventId, String body) {
        long startedAt = System.currentTimeMillis();
        long start = System.nanoTime();
        PerApp p = perApp.computeIfAbsent(hook.appKey(), k -> new PerApp(
                new Semaphore(config.webhookConcurrencyPerApp()),
                new Breaker(config.webhookBreakerFailures(),
                        TimeUnit.MILLISECONDS.toNanos(config.webhookBreakerOpenMillis()))));
        if (!p.breaker.allow(start)) {
            return refused(hook, event, eventId, startedAt, Attempt.Outcome.CIRCUIT_OPEN,
                    "circuit open after repeated failures; not called");
        }
        if (!p.inFlight.tryAcquire()) {
            return refused(hook, event, eventId, startedAt, Attempt.Outcome.BUSY,
                    "too many calls in flight to this app's back-end; not called");
        }
        CompletableFuture<Answer> result = new CompletableFuture<>();
        try {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String timestamp = Long.toString(System.currentTimeMillis());
            String secret = apps.find(hook.appKey()).map(AppInfo::secrets).map(s -> s.get(0))
                    .orElseThrow(() -> new IllegalStateException("no app " + hook.appKey()));
            HttpRequest request = HttpRequest.newBuilder(hook.url())
                    // plain http (loopback, when allowed): HTTP/1.1, no h2c upgrade attempt
                    .version("https".equals(hook.url().getScheme()) ? HttpClient.Version.HTTP_2
                            : HttpClient.Version.HTTP_1_1)
                    .timeout(hook.timeout())
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "XuqmGroup-IM-Webhook/1")
                    .header("X-IM-Event", event.wire())
                    .header("X-IM-Event-Id", eventId)
                    .header("X-IM-Timestamp", timestamp)
                    .header("X-IM-Signature", Signatures.sign(secret, timestamp, bytes))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
            OutboundUrls.Policy policy = OutboundUrls.Policy.of(config);
            // the address is checked again now (off the caller's thread: it may look the name up),
            // since what the name resolves to may have changed since it was configured
            CompletableFuture.supplyAsync(() -> OutboundUrls.refused(hook.url(), policy), executor)
                    .thenCompose(why -> why != null ? CompletableFuture.<HttpResponse<byte[]>>failedFuture(
                            new Refused(why)) : http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()))
                    // the request's timeout covers the answer's head; this one the whole exchange
                    .orTimeout(hook.timeout().toMillis() + 50, TimeUnit.MILLISECONDS)
                    .whenComplete((r, err) -> {
                        p.inFlight.release();
                        long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                        Failed f = err != null ? failure(err, hook)
                                : r.statusCode() / 100 != 2 ? new Failed(Attempt.Outcome.HTTP_ERROR, r.statusCode(),
                                        "HTTP " + r.statusCode())
                                : r.body().length > ANSWER_MAX_BYTES ? new Failed(Attempt.Outcome.ERROR,
                                        r.statusCode(), "answer longer than " + ANSWER_MAX_BYTES + " bytes")
                                : null;
                        if (f != null) {
                            p.breaker.failure(System.nanoTime());
                            log.note(hook.appKey(), eventId, event, startedAt, f.status, f.outcome, latency,
                                    f.getMessage());
                            result.completeExceptionally(f);
                        } else {
                            p.breaker.success();
                            log.note(hook.appKey(), eventId, event, startedAt, r.statusCode(),
                                    Attempt.Outcome.DELIVERED, latency, null);
                            result.complete(new Answer(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8),
                                    latency));
                        }
                    });
        } catch (RuntimeException e) {
            p.inFlight.release();
            p.breaker.failure(System.nanoTime());
            Failed f = new Failed(Attempt.Outcome.ERROR, null, "could not call: " + e.getMessage());
            log.note(hook.appKey(), eventId, event, startedAt, null, f.outcome, 0, f.getMessage());
            result.completeExceptionally(f);
        }
        return result;
    }

    /** Whether the app's breaker is open now (for the API). */
    public boolean circuitOpen(String appKey) {
        PerApp p = perApp.get(appKey);
        return p != null && p.breaker.open(System.nanoTime());
    }

    private CompletableFuture<Answer> refused(Hook hook, HookEvent event, String eventId, long at,
            Attempt.Outcome outcome, String reason) {
        log.note(hook.appKey(), eventId, event, at, null, outcome, 0, reason);
        return CompletableFuture.failedFuture(new Failed(outcome, null, reason));
    }

    /** A call not made: the URL's host resolves to an address the server does not call. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String why) {
            super(why, null, false, false);
        }
    }

    private static Failed failure(Throwable err, Hook hook) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (t instanceof Refused) {
            return new Failed(Attempt.Outcome.ERROR, null, "not called: " + t.getMessage());
        }
        if (t instanceof HttpTimeoutException || t instanceof java.util.concurrent.TimeoutException) {
            return new Failed(Attempt.Outcome.TIMEOUT, null, "no answer within " + hook.timeout().toMillis() + " ms");
        }
        String what = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        return new Failed(Attempt.Outcome.ERROR, null, what);
    }
}
