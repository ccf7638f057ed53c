package com.xuqinmin.im.chat;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * How far one device of one user has received ({@code deliveredSeq}) and read ({@code readSeq}) one
 * conversation. Sync starts after {@code deliveredSeq}; unread counts use the highest {@code readSeq}
 * over the user's devices.
 */
@Entity
@Table(name = "im_cursor")
@IdClass(Cursor.Key.class)
public class Cursor {

    /** Composite key: (appKey, userId, deviceId, conversationId). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String appKey;
        public String userId;
        public String deviceId;
        public String conversationId;

        public Key() {
        }

        public Key(String appKey, String userId, String deviceId, String conversationId) {
            this.appKey = appKey;
            this.userId = userId;
            this.deviceId = deviceId;
            this.conversationId = conversationId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(appKey, k.appKey) && Objects.equals(userId, k.userId)
                    && Objects.equals(deviceId, k.deviceId) && Objects.equals(conversationId, k.conversationId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(appKey, userId, deviceId, conversationId);
        }
    }

    @Id
    @Column(name = "app_key", length = 32)
    private String appKey;

    @Id
    @Column(name = "user_id", length = 64)
    private String userId;

    @Id
    @Column(name = "device_id", length = 64)
    private String deviceId;

    @Id
    @Column(name = "conversation_id", length = 140)
    private String conversationId;

    @Column(name = "delivered_seq", nullable = false)
    private long deliveredSeq;

    @Column(name = "read_seq", nullable = false)
    private long readSeq;

    @Column(name = "updated_at", nullable = false)
    private long updatedAt;

    /** How many of the conversation's revokes this device has been told about. */
    @Column(name = "revokes_seen", nullable = false)
    private long revokesSeen;

    protected Cursor() {
    }

    public Cursor(String appKey, String userId, String deviceId, String conversationId, long now) {
        this.appKey = appKey;
        this.userId = userId;
        this.deviceId = deviceId;
        this.conversationId = conversationId;
        this.updatedAt = now;
    }

    public String getAppKey() { return appKey; }
    public String getUserId() { return userId; }
    public String getDeviceId() { return deviceId; }
    public String getConversationId() { return conversationId; }
    public long getDeliveredSeq() { return deliveredSeq; }
    public long getReadSeq() { return readSeq; }
    public long getUpdatedAt() { return updatedAt; }
    public long getRevokesSeen() { return revokesSeen; }

    public void setRevokesSeen(long n) {
        this.revokesSeen = n;
    }

    public void setDeliveredSeq(long seq, long now) {
        this.deliveredSeq = seq;
        this.updatedAt = now;
    }

    public void setReadSeq(long seq, long now) {
        this.readSeq = seq;
        this.updatedAt = now;
    }
}
