package com.xuqinmin.im.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One try to deliver an event to an app's back-end: a line of its delivery log. */
@Entity
@Table(name = "im_webhook_attempt")
public class Attempt {

    /** How a try ended. */
    public enum Outcome { DELIVERED, HTTP_ERROR, TIMEOUT, ERROR, CIRCUIT_OPEN, BUSY }

    @Id
    @Column(name = "id", length = 26)
    private String id;

    @Column(name = "app_key", nullable = false, length = 32)
    private String appKey;

    @Column(name = "event_id", nullable = false, length = 26)
    private String eventId;

    @Column(name = "event", nullable = false, length = 32)
    private String event;

    @Column(name = "attempted_at", nullable = false)
    private long attemptedAt;

    @Column(name = "http_status")
    private Integer httpStatus;

    @Column(name = "outcome", nullable = false, length = 16)
    private String outcome;

    @Column(name = "latency_ms", nullable = false)
    private long latencyMillis;

    @Column(name = "error", length = 256)
    private String error;

    protected Attempt() {
    }

    Attempt(String id, String appKey, String eventId, String event, long attemptedAt, Integer httpStatus,
            Outcome outcome, long latencyMillis, String error) {
        this.id = id;
        this.appKey = appKey;
        this.eventId = eventId;
        this.event = event;
        this.attemptedAt = attemptedAt;
        this.httpStatus = httpStatus;
        this.outcome = outcome.name();
        this.latencyMillis = latencyMillis;
        this.error = error == null || error.length() <= 256 ? error : error.substring(0, 256);
    }

    public String getId() { return id; }
    public String getAppKey() { return appKey; }
    public String getEventId() { return eventId; }
    public String getEvent() { return event; }
    public long getAttemptedAt() { return attemptedAt; }
    public Integer getHttpStatus() { return httpStatus; }
    public String getOutcome() { return outcome; }
    public long getLatencyMillis() { return latencyMillis; }
    public String getError() { return error; }
}
