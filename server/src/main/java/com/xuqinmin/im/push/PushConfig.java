package com.xuqinmin.im.push;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An app's offline push settings: its APNs token key and FCM service account (both encrypted with
 * the master key, never shown), the notification's templates, and whether its content is hidden.
 */
@Entity
@Table(name = "im_push_config")
public class PushConfig {

    @Id
    @Column(name = "app_key", length = 32)
    private String appKey;

    @Column(name = "apns_key_id", length = 32)
    private String apnsKeyId;

    @Column(name = "apns_team_id", length = 32)
    private String apnsTeamId;

    @Column(name = "apns_topic", length = 255)
    private String apnsTopic;

    /** The .p8 key (PKCS#8 PEM), encrypted. */
    @Column(name = "apns_key_enc", length = 4096)
    private String apnsKeyEnc;

    @Column(name = "apns_production", nullable = false)
    private boolean apnsProduction;

    /** Only when the operator allows endpoint overrides (tests, a relay); else Apple's. */
    @Column(name = "apns_endpoint", length = 1024)
    private String apnsEndpoint;

    @Column(name = "fcm_project_id", length = 128)
    private String fcmProjectId;

    @Column(name = "fcm_client_email", length = 255)
    private String fcmClientEmail;

    /** The service account's JSON key, encrypted. */
    @Column(name = "fcm_account_enc", length = 16384)
    private String fcmAccountEnc;

    @Column(name = "fcm_endpoint", length = 1024)
    private String fcmEndpoint;

    @Column(name = "title_template", nullable = false, length = 512)
    private String titleTemplate;

    @Column(name = "body_template", nullable = false, length = 1024)
    private String bodyTemplate;

    @Column(name = "hide_content", nullable = false)
    private boolean hideContent;

    @Column(name = "updated_at", nullable = false)
    private long updatedAt;

    protected PushConfig() {
    }

    PushConfig(String appKey) {
        this.appKey = appKey;
    }

    void setApns(String keyId, String teamId, String topic, String keyEnc, boolean production, String endpoint) {
        this.apnsKeyId = keyId;
        this.apnsTeamId = teamId;
        this.apnsTopic = topic;
        this.apnsKeyEnc = keyEnc;
        this.apnsProduction = production;
        this.apnsEndpoint = endpoint;
    }

    void setFcm(String projectId, String clientEmail, String accountEnc, String endpoint) {
        this.fcmProjectId = projectId;
        this.fcmClientEmail = clientEmail;
        this.fcmAccountEnc = accountEnc;
        this.fcmEndpoint = endpoint;
    }

    void setContent(String titleTemplate, String bodyTemplate, boolean hideContent, long now) {
        this.titleTemplate = titleTemplate;
        this.bodyTemplate = bodyTemplate;
        this.hideContent = hideContent;
        this.updatedAt = now;
    }

    public String getAppKey() { return appKey; }
    public String getApnsKeyId() { return apnsKeyId; }
    public String getApnsTeamId() { return apnsTeamId; }
    public String getApnsTopic() { return apnsTopic; }
    String getApnsKeyEnc() { return apnsKeyEnc; }
    public boolean isApnsProduction() { return apnsProduction; }
    public String getApnsEndpoint() { return apnsEndpoint; }
    public String getFcmProjectId() { return fcmProjectId; }
    public String getFcmClientEmail() { return fcmClientEmail; }
    String getFcmAccountEnc() { return fcmAccountEnc; }
    public String getFcmEndpoint() { return fcmEndpoint; }
    public String getTitleTemplate() { return titleTemplate; }
    public String getBodyTemplate() { return bodyTemplate; }
    public boolean isHideContent() { return hideContent; }
    public long getUpdatedAt() { return updatedAt; }
}
