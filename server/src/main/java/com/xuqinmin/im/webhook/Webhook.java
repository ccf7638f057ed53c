package com.xuqinmin.im.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An app's webhook configuration: where its back-end listens, for which events, and how long to wait. */
@Entity
@Table(name = "im_webhook")
public class Webhook {

    @Id
    @Column(name = "app_key", length = 32)
    private String appKey;

    @Column(name = "url", nullable = false, length = 1024)
    private String url;

    /** Comma-separated wire names of the enabled events. */
    @Column(name = "events", nullable = false, length = 512)
    private String events;

    @Column(name = "timeout_ms", nullable = false)
    private int timeoutMillis;

    @Column(name = "fail_closed", nullable = false)
    private boolean failClosed;

    @Column(name = "updated_at", nullable = false)
    private long updatedAt;

    protected Webhook() {
    }

    public Webhook(String appKey) {
        this.appKey = appKey;
    }

    void set(String url, String events, int timeoutMillis, boolean failClosed, long now) {
        this.url = url;
        this.events = events;
        this.timeoutMillis = timeoutMillis;
        this.failClosed = failClosed;
        this.updatedAt = now;
    }

    public String getAppKey() { return appKey; }
    public String getUrl() { return url; }
    public String getEvents() { return events; }
    public int getTimeoutMillis() { return timeoutMillis; }
    public boolean isFailClosed() { return failClosed; }
    public long getUpdatedAt() { return updatedAt; }
}
