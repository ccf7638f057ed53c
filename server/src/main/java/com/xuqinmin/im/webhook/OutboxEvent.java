package com.xuqinmin.im.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An after-event in the outbox: stored with the fact it reports, delivered later by the {@link OutboxWorker}. */
@Entity
@Table(name = "im_webhook_outbox")
public class OutboxEvent {

    /** PENDING until delivered (DELIVERED) or given up on after the retry period (FAILED). */
    public enum Status { PENDING, DELIVERED, FAILED }

    @Id
    @Column(name = "id", length = 26)
    private String id;

    @Column(name = "app_key", nullable = false, length = 32)
    private String appKey;

    @Column(name = "event", nullable = false, length = 32)
    private String event;

    @Column(name = "order_key", nullable = false, length = 200)
    private String orderKey;

    @Column(name = "body", nullable = false, length = 131072)
    private String body;

    @Column(name = "status", nullable = false, length = 16)
    private String status;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    @Column(name = "next_at", nullable = false)
    private long nextAt;

    protected OutboxEvent() {
    }

    OutboxEvent(String id, String appKey, String event, String orderKey, String body, long createdAt) {
        this.id = id;
        this.appKey = appKey;
        this.event = event;
        this.orderKey = orderKey;
        this.body = body;
        this.status = Status.PENDING.name();
        this.createdAt = createdAt;
        this.nextAt = createdAt;
    }

    public String getId() { return id; }
    public String getAppKey() { return appKey; }
    public String getEvent() { return event; }
    public String getOrderKey() { return orderKey; }
    public String getBody() { return body; }
    public String getStatus() { return status; }
    public int getAttempts() { return attempts; }
    public long getCreatedAt() { return createdAt; }
    public long getNextAt() { return nextAt; }
}
