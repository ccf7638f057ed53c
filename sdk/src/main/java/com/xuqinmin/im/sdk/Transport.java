package com.xuqinmin.im.sdk;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends one call: signs it (a fresh timestamp and nonce for every attempt, since the server refuses a
 * nonce it has seen), reads the envelope, turns refusals into {@link ImException}, and retries where
 * that cannot do a thing twice. Immutable and thread-safe, as {@link HttpClient} is.
 */
final class Transport {

    /** Whether a call may be sent again after it may have reached the server. */
    enum Retry {
        /** Repeating it changes nothing (reads, sets, sends that carry a messageId). */
        SAFE,
        /** Repeating it could act twice: retried only when the connection was never made. */
        ONLY_IF_NOT_SENT
    }

    private static final long MAX_BACKOFF_MS = 5_000;

    private final HttpClient http;
    private final String baseUrl;
    private final String appKey;
    private final String appSecret;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration retryBackoff;
    private final Clock clock;

    Transport(HttpClient http, String baseUrl, String appKey, String appSecret, Duration requestTimeout,
            int maxRetries, Duration retryBackoff, Clock clock) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.appKey = appKey;
        this.appSecret = appSecret;
        this.requestTimeout = requestTimeout;
        this.maxRetries = maxRetries;
        this.retryBackoff = retryBackoff;
        this.clock = clock;
    }

    /** A signed call of the server API; answers the envelope's {@code data}. */
    Json.Obj signed(String method, String pathAndQuery, Object body, Retry retry) {
        return Json.Obj.of(call(method, pathAndQuery, body, retry, true));
    }

    /** An unsigned call (the IM login, which the userSig authenticates). */
    Json.Obj unsigned(String method, String pathAndQuery, Object body, Retry retry) {
        return Json.Obj.of(call(method, pathAndQuery, body, retry, false));
    }

    private Object call(String method, String pathAndQuery, Object body, Retry retry, boolean signed) {
        URI uri = URI.create(baseUrl + pathAndQuery);
        byte[] bytes = body == null ? new byte[0] : Json.write(body).getBytes(StandardCharsets.UTF_8);
        for (int attempt = 0;; attempt++) {
            boolean last = attempt >= maxRetries;
            HttpResponse<String> r;
            try {
                r = http.send(request(method, uri, bytes, body != null, signed), HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException | HttpConnectTimeoutException e) {
                // nothing reached the server: any call may be tried again
                if (last) {
                    throw new ImNetworkException("cannot connect to " + baseUrl + ": " + e, e);
                }
                pause(attempt);
                continue;
            } catch (HttpTimeoutException e) {
                if (last || retry != Retry.SAFE) {
                    throw new ImNetworkException(method + " " + uri.getRawPath() + " got no answer within "
                            + requestTimeout.toMillis() + " ms", e);
                }
                pause(attempt);
                continue;
            } catch (IOException e) {
                if (last || retry != Retry.SAFE) {
                    throw new ImNetworkException(method + " " + uri.getRawPath() + " failed: " + e, e);
                }
                pause(attempt);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ImNetworkException("interrupted while calling " + uri.getRawPath(), e);
            }
            Json.Obj envelope;
            try {
                envelope = Json.Obj.of(Json.parse(r.body()));
            } catch (IllegalArgumentException e) {
                // not the server's answer: a proxy or load balancer in between answered
                if (!last && retry == Retry.SAFE && notNow(r.statusCode())) {
                    pause(attempt);
                    continue;
                }
                throw new ImNetworkException("HTTP " + r.statusCode() + " without the server's envelope from "
                        + uri.getRawPath(), e);
            }
            int code = (int) envelope.lng("code", r.statusCode());
            if (r.statusCode() == 200 && code == 200) {
                return envelope.raw("data");
            }
            if (!last && retry == Retry.SAFE && notNow(r.statusCode())) {
                pause(attempt);
                continue;
            }
            String requestId = envelope.str("requestId");
            if (requestId == null) {
                requestId = r.headers().firstValue("X-Request-Id").orElse(null);
            }
            String error = envelope.str("error");
            throw ImException.refusal(code, error == null ? "HTTP_" + r.statusCode() : error,
                    envelope.str("message"), requestId);
        }
    }

    /** Refusals that say "not now" rather than "no": overload, rate limits, a gateway between. */
    private static boolean notNow(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }

    private HttpRequest request(String method, URI uri, byte[] body, boolean hasBody, boolean signed) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                .method(method, hasBody ? HttpRequest.BodyPublishers.ofByteArray(body)
                        : HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/json")
                .header("User-Agent", "xuqm-im-server-sdk (Java " + System.getProperty("java.specification.version")
                        + ")");
        if (hasBody) {
            b.header("Content-Type", "application/json");
        }
        if (signed) {
            String timestamp = Long.toString(clock.millis());
            String nonce = RequestSigner.newNonce();
            String canonical = RequestSigner.canonical(method, uri.getRawPath(), uri.getRawQuery(), timestamp, nonce, body);
            b.header(RequestSigner.APP_KEY, appKey)
                    .header(RequestSigner.TIMESTAMP, timestamp)
                    .header(RequestSigner.NONCE, nonce)
                    .header(RequestSigner.SIGNATURE, RequestSigner.sign(appSecret, canonical));
        }
        return b.build();
    }

    /** Exponential backoff with jitter, so that many clients retrying after one outage spread out. */
    private void pause(int attempt) {
        long base = Math.min(MAX_BACKOFF_MS, retryBackoff.toMillis() << Math.min(attempt, 16));
        long wait = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImNetworkException("interrupted while waiting to retry", e);
        }
    }
}
