package com.xuqinmin.im.social;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A request from {@code fromId} to become {@code toId}'s friend; kept once decided so its sender sees the answer. */
@Entity
@Table(name = "im_friend_request")
public class FriendRequest {

    public enum Status { PENDING, ACCEPTED, DECLINED }

    @Id
    @Column(name = "id", length = 26)
    private String id;

    @Column(name = "app_key", length = 32, nullable = false)
    private String appKey;

    @Column(name = "from_id", length = 64, nullable = false)
    private String fromId;

    @Column(name = "to_id", length = 64, nullable = false)
    private String toId;

    @Column(name = "message")
    private String message;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private Status status = Status.PENDING;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    @Column(name = "decided_at")
    private Long decidedAt;

    protected FriendRequest() {
    }

    public FriendRequest(String id, String appKey, String fromId, String toId, String message, long createdAt) {
        this.id = id;
        this.appKey = appKey;
        this.fromId = fromId;
        this.toId = toId;
        this.message = message;
        this.createdAt = createdAt;
    }

    /** Asked again while pending: the newer message and time replace the old ones. */
    void renew(String message, long now) {
        this.message = message;
        this.createdAt = now;
    }

    void decide(Status status, long now) {
        this.status = status;
        this.decidedAt = now;
    }

    public String getId() { return id; }
    public String getAppKey() { return appKey; }
    public String getFromId() { return fromId; }
    public String getToId() { return toId; }
    public String getMessage() { return message; }
    public Status getStatus() { return status; }
    public long getCreatedAt() { return createdAt; }
    public Long getDecidedAt() { return decidedAt; }
}
