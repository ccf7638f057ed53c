package com.xuqinmin.im.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** A user of one app, identified by the tenant's own userId. */
@Entity
@Table(name = "im_user")
@IdClass(ImUser.Key.class)
public class ImUser {

    public enum Status { ACTIVE, BANNED, DELETED }

    /** Composite key: (appKey, userId). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String appKey;
        public String userId;

        public Key() {
        }

        public Key(String appKey, String userId) {
            this.appKey = appKey;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(appKey, k.appKey) && Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(appKey, userId);
        }
    }

    @Id
    @Column(name = "app_key", length = 32)
    private String appKey;

    @Id
    @Column(name = "user_id", length = 64)
    private String userId;

    @Column(name = "nickname")
    private String nickname;

    @Column(name = "avatar_url")
    private String avatarUrl;

    /** A line about the user, shown to anyone in the app. */
    @Column(name = "bio")
    private String bio;

    /** The app's own data about the user (any text, often JSON), shown to the user and its friends only. */
    @Column(name = "extra")
    private String extra;

    @Column(name = "is_admin", nullable = false)
    private boolean admin;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private Status status = Status.ACTIVE;

    @Column(name = "muted_until")
    private Long mutedUntil;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    /** When the user was hard-deleted (its profile wiped, its messages erased); null otherwise. */
    @Column(name = "purged_at")
    private Long purgedAt;

    protected ImUser() {
    }

    public ImUser(String appKey, String userId, long createdAt) {
        this.appKey = appKey;
        this.userId = userId;
        this.createdAt = createdAt;
    }

    public String getAppKey() { return appKey; }
    public String getUserId() { return userId; }
    public String getNickname() { return nickname; }
    public void setNickname(String nickname) { this.nickname = nickname; }
    public String getAvatarUrl() { return avatarUrl; }
    public void setAvatarUrl(String avatarUrl) { this.avatarUrl = avatarUrl; }
    public String getBio() { return bio; }
    public void setBio(String bio) { this.bio = bio; }
    public String getExtra() { return extra; }
    public void setExtra(String extra) { this.extra = extra; }
    public boolean isAdmin() { return admin; }
    public void setAdmin(boolean admin) { this.admin = admin; }
    public Status getStatus() { return status; }
    public void setStatus(Status status) { this.status = status; }
    public Long getMutedUntil() { return mutedUntil; }
    public void setMutedUntil(Long mutedUntil) { this.mutedUntil = mutedUntil; }
    public long getCreatedAt() { return createdAt; }
    public Long getPurgedAt() { return purgedAt; }

    /**
     * A hard delete: the row stays as a tombstone (status DELETED, so the user's old tokens stay
     * refused) with nothing of the profile left.
     */
    public void purge(long now) {
        this.status = Status.DELETED;
        this.nickname = null;
        this.avatarUrl = null;
        this.bio = null;
        this.extra = null;
        this.admin = false;
        this.mutedUntil = null;
        this.purgedAt = now;
    }

    /** Brought back by an import: a new user under the old id, no longer one being purged. */
    public void revive() {
        this.status = Status.ACTIVE;
        this.purgedAt = null;
    }

    public boolean isActive() {
        return status == Status.ACTIVE;
    }

    public boolean isMutedAt(long now) {
        return mutedUntil != null && mutedUntil > now;
    }
}
