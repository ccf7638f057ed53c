package com.xuqinmin.im.social;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** {@code userId} has blocked {@code blockedId}: its single-chat messages and friend requests are refused. */
@Entity
@Table(name = "im_block")
@IdClass(Block.Key.class)
public class Block {

    /** Composite key: (appKey, userId, blockedId). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String appKey;
        public String userId;
        public String blockedId;

        public Key() {
        }

        public Key(String appKey, String userId, String blockedId) {
            this.appKey = appKey;
            this.userId = userId;
            this.blockedId = blockedId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(appKey, k.appKey) && Objects.equals(userId, k.userId)
                    && Objects.equals(blockedId, k.blockedId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(appKey, userId, blockedId);
        }
    }

    @Id
    @Column(name = "app_key", length = 32)
    private String appKey;

    @Id
    @Column(name = "user_id", length = 64)
    private String userId;

    @Id
    @Column(name = "blocked_id", length = 64)
    private String blockedId;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    protected Block() {
    }

    public Block(String appKey, String userId, String blockedId, long createdAt) {
        this.appKey = appKey;
        this.userId = userId;
        this.blockedId = blockedId;
        this.createdAt = createdAt;
    }

    public String getBlockedId() { return blockedId; }
    public long getCreatedAt() { return createdAt; }
}
