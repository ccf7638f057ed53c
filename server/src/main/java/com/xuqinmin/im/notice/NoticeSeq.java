package com.xuqinmin.im.notice;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** A user's last notice seq; its row is locked while the next notice is numbered. */
@Entity
@Table(name = "im_notice_seq")
@IdClass(NoticeSeq.Key.class)
public class NoticeSeq {

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

    @Column(name = "last_seq", nullable = false)
    private long lastSeq;

    protected NoticeSeq() {
    }

    NoticeSeq(String appKey, String userId) {
        this.appKey = appKey;
        this.userId = userId;
    }

    long next() {
        return ++lastSeq;
    }
}
