package com.xuqinmin.im.sdk;

import com.xuqinmin.im.sdk.Transport.Retry;

/**
 * The app's webhook ({@code /api/im/admin/webhook}): read, set, remove, and a test delivery.
 * To check the deliveries the back-end receives, see {@link Webhooks#verify}. Thread-safe.
 */
public final class WebhookConfig {

    private static final String BASE = "/api/im/admin/webhook";

    private final Transport t;

    WebhookConfig(Transport t) {
        this.t = t;
    }

    /** The webhook; {@code NOT_FOUND} when the app has none. */
    public WebhookSettings get() {
        return WebhookSettings.of(t.signed("GET", BASE, null, Retry.SAFE));
    }

    /** Sets the whole configuration; answers it as stored. */
    public WebhookSettings set(WebhookSettings settings) {
        return WebhookSettings.of(t.signed("PUT", BASE, settings.json(), Retry.SAFE));
    }

    /** Removes the webhook: nothing is called any more. */
    public void remove() {
        t.signed("DELETE", BASE, null, Retry.SAFE);
    }

    /** Sends a {@code ping} now; answers whether the back-end answered 2xx, or why not. */
    public PingResult test() {
        return new PingResult(t.signed("POST", BASE + "/test", null, Retry.ONLY_IF_NOT_SENT));
    }

    /** What a test delivery got. */
    public static final class PingResult {
        private final boolean ok;
        private final Long httpStatus;
        private final long latencyMs;
        private final String answer;
        private final String error;

        PingResult(Json.Obj o) {
            this.ok = o.bool("ok");
            this.httpStatus = o.lng("httpStatus");
            this.latencyMs = o.lng("latencyMs", 0);
            this.answer = o.str("answer");
            this.error = o.str("error");
        }

        /** A 2xx answer came. */
        public boolean ok() {
            return ok;
        }

        /** The answer's HTTP status, or null when none came. */
        public Long httpStatus() {
            return httpStatus;
        }

        public long latencyMs() {
            return latencyMs;
        }

        /** The answer's body (its first 1024 characters), when {@link #ok()}. */
        public String answer() {
            return answer;
        }

        /** Why not {@link #ok()}: e.g. {@code TIMEOUT}, {@code HTTP_ERROR: HTTP 503}. */
        public String error() {
            return error;
        }

        @Override
        public String toString() {
            return ok ? "PingResult[ok, HTTP " + httpStatus + ", " + latencyMs + " ms]" : "PingResult[" + error + "]";
        }
    }
}
