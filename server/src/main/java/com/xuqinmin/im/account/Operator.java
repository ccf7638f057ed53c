package com.xuqinmin.im.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** An operator of the platform (the operations console). */
@Entity
@Table(name = "im_operator")
public class Operator implements Account {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "im_operator_seq")
    @SequenceGenerator(name = "im_operator_seq", sequenceName = "im_operator_seq", allocationSize = 1)
    @Column(name = "id")
    private Long id;

    @Column(name = "name", nullable = false)
    private String name;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Column(name = "status", nullable = false, length = 16)
    private String status = "ACTIVE";

    @Column(name = "failed_logins", nullable = false)
    private int failedLogins;

    @Column(name = "locked_until")
    private Long lockedUntil;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    protected Operator() {
    }

    public Operator(String name, String passwordHash, long createdAt) {
        this.name = name;
        this.passwordHash = passwordHash;
        this.createdAt = createdAt;
    }

    public Long getId() { return id; }
    public String getName() { return name; }
    public String getStatus() { return status; }
    public long getCreatedAt() { return createdAt; }

    @Override public String getPasswordHash() { return passwordHash; }
    @Override public void setPasswordHash(String h) { this.passwordHash = h; }
    @Override public int getFailedLogins() { return failedLogins; }
    @Override public void setFailedLogins(int n) { this.failedLogins = n; }
    @Override public Long getLockedUntil() { return lockedUntil; }
    @Override public void setLockedUntil(Long t) { this.lockedUntil = t; }
    @Override public boolean isActive() { return "ACTIVE".equals(status); }
}
