package com.xuqinmin.im.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** A request-signature nonce seen recently; kept in the database so a restart does not forget it. */
@Entity
@Table(name = "im_nonce")
@IdClass(Nonce.Key.class)
public class Nonce {

    /** Composite key: (appKey, nonce). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String appKey;
        public String nonce;

        public Key() {
        }

        public Key(String appKey, String nonce) {
            this.appKey = appKey;
            this.nonce = nonce;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(appKey, k.appKey) && Objects.equals(nonce, k.nonce);
        }

        @Override
        public int hashCode() {
            return Objects.hash(appKey, nonce);
        }
    }

    @Id
    @Column(name = "app_key", length = 32)
    private String appKey;

    @Id
    @Column(name = "nonce", length = 64)
    private String nonce;

    @Column(name = "expires_at", nullable = false)
    private long expiresAt;

    protected Nonce() {
    }

    public Nonce(String appKey, String nonce, long expiresAt) {
        this.appKey = appKey;
        this.nonce = nonce;
        this.expiresAt = expiresAt;
    }

    public long getExpiresAt() { return expiresAt; }

    public void renew(long expiresAt) {
        this.expiresAt = expiresAt;
    }
}
