package com.xuqinmin.im.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** A customer of the platform: it logs in to the console and owns apps. */
@Entity
@Table(name = "im_tenant")
public class Tenant implements Account {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "im_tenant_seq")
    @SequenceGenerator(name = "im_tenant_seq", sequenceName = "im_tenant_seq", allocationSize = 1)
    @Column(name = "id")
    private Long id;

    @Column(name = "name", nullable = false)
    private String name;

    @Column(name = "email", nullable = false)
    private String email;

    @Column(name = "password_hash")
    private String passwordHash;

    @Column(name = "status", nullable = false, length = 16)
    private String status = "ACTIVE";

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    @Column(name = "failed_logins", nullable = false)
    private int failedLogins;

    @Column(name = "locked_until")
    private Long lockedUntil;

    protected Tenant() {
    }

    public Tenant(String name, String email, long createdAt) {
        this.name = name;
        this.email = email;
        this.createdAt = createdAt;
    }

    public Long getId() { return id; }
    public String getName() { return name; }
    public String getEmail() { return email; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public long getCreatedAt() { return createdAt; }

    @Override public String getPasswordHash() { return passwordHash; }
    @Override public void setPasswordHash(String h) { this.passwordHash = h; }
    @Override public int getFailedLogins() { return failedLogins; }
    @Override public void setFailedLogins(int n) { this.failedLogins = n; }
    @Override public Long getLockedUntil() { return lockedUntil; }
    @Override public void setLockedUntil(Long t) { this.lockedUntil = t; }
    @Override public boolean isActive() { return "ACTIVE".equals(status); }
}
