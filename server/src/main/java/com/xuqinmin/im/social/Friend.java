package com.xuqinmin.im.social;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** One side of a friendship: {@code userId} has {@code friendId} as a friend, under its own remark. */
@Entity
@Table(name = "im_friend")
@IdClass(Friend.Key.class)
public class Friend {

    /** Composite key: (appKey, userId, friendId). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String appKey;
        public String userId;
        public String friendId;

        public Key() {
        }

        public Key(String appKey, String userId, String friendId) {
            this.appKey = appKey;
            this.userId = userId;
            this.friendId = friendId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(appKey, k.appKey) && Objects.equals(userId, k.userId)
                    && Objects.equals(friendId, k.friendId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(appKey, userId, friendId);
        }
    }

    @Id
    @Column(name = "app_key", length = 32)
    private String appKey;

    @Id
    @Column(name = "user_id", length = 64)
    private String userId;

    @Id
    @Column(name = "friend_id", length = 64)
    private String friendId;

    @Column(name = "remark")
    private String remark;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    protected Friend() {
    }

    public Friend(String appKey, String userId, String friendId, String remark, long createdAt) {
        this.appKey = appKey;
        this.userId = userId;
        this.friendId = friendId;
        this.remark = remark;
        this.createdAt = createdAt;
    }

    public String getAppKey() { return appKey; }
    public String getUserId() { return userId; }
    public String getFriendId() { return friendId; }
    public String getRemark() { return remark; }
    public void setRemark(String remark) { this.remark = remark; }
    public long getCreatedAt() { return createdAt; }
}
