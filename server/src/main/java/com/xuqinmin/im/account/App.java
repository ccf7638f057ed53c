package com.xuqinmin.im.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A tenant's application: the unit of isolation. Its AppSecret is stored encrypted (AES-GCM). */
@Entity
@Table(name = "im_app")
public class App {

    public enum Status { ACTIVE, DISABLED }

    @Id
    @Column(name = "app_key", length = 32)
    private String appKey;

    @Column(name = "tenant_id")
    private Long tenantId;

    @Column(name = "name", nullable = false)
    private String name;

    @Column(name = "secret_enc", nullable = false)
    private String secretEncrypted;

    @Column(name = "prev_secret_enc")
    private String previousSecretEncrypted;

    @Column(name = "prev_secret_expires_at")
    private Long previousSecretExpiresAt;

    /** Seconds a sender may revoke a message; {@code null} means the server default. */
    @Column(name = "revoke_window_seconds")
    private Integer revokeWindowSeconds;

    /** Seconds a sender may edit a message; {@code null} means the server default, 0 no editing. */
    @Column(name = "edit_window_seconds")
    private Integer editWindowSeconds;

    /** The longest userSig lifetime accepted, in seconds; {@code null} means the server default. */
    @Column(name = "max_usersig_lifetime")
    private Long maxUserSigLifetimeSeconds;

    @Column(name = "auto_create_users", nullable = false)
    private boolean autoCreateUsers = true;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private Status status = Status.ACTIVE;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    /** SSO for this app's IM users: the external issuer, its JWKS URL and the claim naming the userId. */
    @Column(name = "sso_issuer")
    private String ssoIssuer;

    @Column(name = "sso_jwks_url")
    private String ssoJwksUrl;

    @Column(name = "sso_user_claim")
    private String ssoUserClaim;

    @Column(name = "sso_audience")
    private String ssoAudience;

    @Column(name = "disabled_at")
    private Long disabledAt;

    /** Days a message keeps its content; {@code null}: for ever. */
    @Column(name = "retention_days")
    private Integer retentionDays;

    /** Every message of the app created before this time (Unix ms) has had its content erased. */
    @Column(name = "retention_erased_before")
    private Long retentionErasedBefore;

    /** Who may add a user as a friend ({@link AppInfo.AddFriend}); {@code null}: APPROVAL. */
    @Column(name = "add_friend_policy", length = 16)
    private String addFriendPolicy;

    /** Who may send a single-chat message to whom ({@link AppInfo.Messaging}); {@code null}: ANYONE. */
    @Column(name = "messaging_policy", length = 16)
    private String messagingPolicy;

    /** How many sessions a user may have, by platform ({@link AppInfo.DevicePolicy}). */
    @Column(name = "device_policy", length = 24)
    private String devicePolicy;

    protected App() {
    }

    public App(String appKey, String name, String secretEncrypted, long createdAt) {
        this.appKey = appKey;
        this.name = name;
        this.secretEncrypted = secretEncrypted;
        this.createdAt = createdAt;
    }

    /** Makes {@code encrypted} the secret; the old one keeps working until {@code graceUntil}. */
    public void rotateSecret(String encrypted, long graceUntil) {
        this.previousSecretEncrypted = this.secretEncrypted;
        this.previousSecretExpiresAt = graceUntil;
        this.secretEncrypted = encrypted;
    }

    public void setName(String name) { this.name = name; }
    public String getSsoIssuer() { return ssoIssuer; }
    public String getSsoJwksUrl() { return ssoJwksUrl; }
    public String getSsoUserClaim() { return ssoUserClaim; }
    public String getSsoAudience() { return ssoAudience; }
    public Long getDisabledAt() { return disabledAt; }

    public void setSso(String issuer, String jwksUrl, String userClaim, String audience) {
        this.ssoIssuer = issuer;
        this.ssoJwksUrl = jwksUrl;
        this.ssoUserClaim = userClaim;
        this.ssoAudience = audience;
    }

    public void disable(long now) {
        this.status = Status.DISABLED;
        this.disabledAt = now;
    }

    public void enable() {
        this.status = Status.ACTIVE;
        this.disabledAt = null;
    }

    /** Replaces the secret with no grace period (the demo app's configured secret). */
    public void replaceSecret(String encrypted) {
        this.secretEncrypted = encrypted;
        this.previousSecretEncrypted = null;
        this.previousSecretExpiresAt = null;
    }

    public String getAppKey() { return appKey; }
    public Long getTenantId() { return tenantId; }
    public void setTenantId(Long tenantId) { this.tenantId = tenantId; }
    public String getName() { return name; }
    public String getSecretEncrypted() { return secretEncrypted; }
    public String getPreviousSecretEncrypted() { return previousSecretEncrypted; }
    public Long getPreviousSecretExpiresAt() { return previousSecretExpiresAt; }
    public Integer getRevokeWindowSeconds() { return revokeWindowSeconds; }
    public void setRevokeWindowSeconds(Integer s) { this.revokeWindowSeconds = s; }
    public Integer getEditWindowSeconds() { return editWindowSeconds; }
    public void setEditWindowSeconds(Integer s) { this.editWindowSeconds = s; }
    public Long getMaxUserSigLifetimeSeconds() { return maxUserSigLifetimeSeconds; }
    public void setMaxUserSigLifetimeSeconds(Long s) { this.maxUserSigLifetimeSeconds = s; }
    public boolean isAutoCreateUsers() { return autoCreateUsers; }
    public void setAutoCreateUsers(boolean b) { this.autoCreateUsers = b; }
    public Integer getRetentionDays() { return retentionDays; }
    public void setRetentionDays(Integer days) { this.retentionDays = days; }
    public Long getRetentionErasedBefore() { return retentionErasedBefore; }
    public AppInfo.AddFriend getAddFriend() {
        return addFriendPolicy == null ? AppInfo.AddFriend.APPROVAL : AppInfo.AddFriend.valueOf(addFriendPolicy);
    }
    public void setAddFriend(AppInfo.AddFriend p) { this.addFriendPolicy = p.name(); }
    public AppInfo.Messaging getMessaging() {
        return messagingPolicy == null ? AppInfo.Messaging.ANYONE : AppInfo.Messaging.valueOf(messagingPolicy);
    }
    public void setMessaging(AppInfo.Messaging p) { this.messagingPolicy = p.name(); }

    public AppInfo.DevicePolicy getDevicePolicy() {
        return devicePolicy == null ? AppInfo.DevicePolicy.MULTI : AppInfo.DevicePolicy.valueOf(devicePolicy);
    }

    public void setDevicePolicy(AppInfo.DevicePolicy p) { this.devicePolicy = p.name(); }
    public Status getStatus() { return status; }
    public void setStatus(Status status) { this.status = status; }
    public long getCreatedAt() { return createdAt; }
}
