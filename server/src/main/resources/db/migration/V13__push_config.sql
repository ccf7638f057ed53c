-- Each app's offline push providers (docs/api.md, "Push"): APNs with a token key (.p8), FCM HTTP v1 with a
-- service account; the key and the service account are encrypted with the master key (platform.SecretCipher).
CREATE TABLE im_push_config (
    app_key          VARCHAR(32)   NOT NULL PRIMARY KEY,
    apns_key_id      VARCHAR(32),
    apns_team_id     VARCHAR(32),
    apns_topic       VARCHAR(255),
    apns_key_enc     VARCHAR(4096),
    apns_production  BOOLEAN       NOT NULL,
    apns_endpoint    VARCHAR(1024),
    fcm_project_id   VARCHAR(128),
    fcm_client_email VARCHAR(255),
    fcm_account_enc  VARCHAR(16384),
    fcm_endpoint     VARCHAR(1024),
    title_template   VARCHAR(512)  NOT NULL,
    body_template    VARCHAR(1024) NOT NULL,
    hide_content     BOOLEAN       NOT NULL,
    updated_at       BIGINT        NOT NULL
);
