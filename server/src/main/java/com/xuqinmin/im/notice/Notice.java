package com.xuqinmin.im.notice;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** One notice to one user: its per-user seq, its type and its data (JSON text). */
@Entity
@Table(name = "im_notice")
@IdClass(Notice.Key.class)
public class Notice {

    /** Composite key: (appKey, userId, seq). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String appKey;
        public String userId;
        public long seq;

        public Key() {
        }

        public Key(String appKey, String userId, long seq) {
            this.appKey = appKey;
            this.userId = userId;
            this.seq = seq;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(appKey, k.appKey) && Objects.equals(userId, k.userId)
                    && seq == k.seq;
        }

        @Override
        public int hashCode() {
            return Objects.hash(appKey, userId, seq);
        }
    }

    @Id
    @Column(name = "app_key", length = 32)
    private String appKey;

    @Id
    @Column(name = "user_id", length = 64)
    private String userId;

    @Id
    @Column(name = "seq")
    private long seq;

    @Column(name = "type", nullable = false, length = 32)
    private String type;

    @Column(name = "data", nullable = false, length = 8192)
    private String data;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    protected Notice() {
    }

    public Notice(String appKey, String userId, long seq, String type, String data, long createdAt) {
        this.appKey = appKey;
        this.userId = userId;
        this.seq = seq;
        this.type = type;
        this.data = data;
        this.createdAt = createdAt;
    }

    public long getSeq() { return seq; }
    public String getType() { return type; }
    public String getData() { return data; }
    public long getCreatedAt() { return createdAt; }
}
