package com.xuqinmin.im.sdk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The app's webhook (docs/api.md §5): where the server calls the back-end, for which events, how
 * long it waits, and what a before-event does without an answer. Made with {@link #to(String)}.
 */
public final class WebhookSettings {

    /** The failure policy of before-events: send as if allowed, or refuse the message. */
    public enum FailurePolicy { failOpen, failClosed }

    private final String url;
    private final List<String> events;
    private final long timeoutMs;
    private final FailurePolicy failurePolicy;
    private final long updatedAt;
    private final boolean circuitOpen;

    private WebhookSettings(String url, List<String> events, long timeoutMs, FailurePolicy failurePolicy,
            long updatedAt, boolean circuitOpen) {
        this.url = url;
        this.events = Collections.unmodifiableList(new ArrayList<>(events));
        this.timeoutMs = timeoutMs;
        this.failurePolicy = failurePolicy;
        this.updatedAt = updatedAt;
        this.circuitOpen = circuitOpen;
    }

    /** A webhook to {@code url} (https), with no events yet, a 2 s timeout and failOpen. */
    public static WebhookSettings to(String url) {
        return new WebhookSettings(url, List.of(), 2000, FailurePolicy.failOpen, 0, false);
    }

    /** The same, with these events (e.g. {@code "beforeSendMessage"}, {@code "afterSendMessage"}). */
    public WebhookSettings events(String... names) {
        return new WebhookSettings(url, List.of(names), timeoutMs, failurePolicy, updatedAt, circuitOpen);
    }

    /** The same, waiting {@code millis} (100 to 5000) for an answer. */
    public WebhookSettings timeoutMs(long millis) {
        return new WebhookSettings(url, events, millis, failurePolicy, updatedAt, circuitOpen);
    }

    public WebhookSettings failurePolicy(FailurePolicy p) {
        return new WebhookSettings(url, events, timeoutMs, p, updatedAt, circuitOpen);
    }

    static WebhookSettings of(Json.Obj o) {
        return new WebhookSettings(o.str("url"), o.strs("events"), o.lng("timeoutMs", 2000),
                FailurePolicy.valueOf(o.str("failurePolicy")), o.lng("updatedAt", 0), o.bool("circuitOpen"));
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", url);
        m.put("events", events);
        m.put("timeoutMs", timeoutMs);
        m.put("failurePolicy", failurePolicy.name());
        return m;
    }

    public String url() {
        return url;
    }

    public List<String> events() {
        return events;
    }

    public long timeoutMs() {
        return timeoutMs;
    }

    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    /** Unix ms of the last change (0 in settings not read from the server). */
    public long updatedAt() {
        return updatedAt;
    }

    /** Whether the server stopped calling for now after repeated failures. */
    public boolean circuitOpen() {
        return circuitOpen;
    }

    @Override
    public String toString() {
        return "WebhookSettings[" + url + ", events=" + events + ", timeoutMs=" + timeoutMs + ", " + failurePolicy
                + (circuitOpen ? ", circuit open" : "") + "]";
    }
}
