-- Issue 21 item 5: the public-key directory for end-to-end encryption (X3DH shape). Public keys only:
-- the server never sees a private key. One bundle per device (identity key, optional signing key,
-- signed pre-key with its signature) and its one-time pre-keys, each handed out once.
CREATE TABLE im_device_key (
    app_key            VARCHAR(32)  NOT NULL,
    user_id            VARCHAR(64)  NOT NULL,
    device_id          VARCHAR(64)  NOT NULL,
    identity_key       VARCHAR(200) NOT NULL,
    signing_key        VARCHAR(200),
    signed_pre_key_id  BIGINT       NOT NULL,
    signed_pre_key     VARCHAR(200) NOT NULL,
    signed_pre_key_sig VARCHAR(200) NOT NULL,
    updated_at         BIGINT       NOT NULL,
    PRIMARY KEY (app_key, user_id, device_id)
);

CREATE TABLE im_one_time_pre_key (
    app_key    VARCHAR(32)  NOT NULL,
    user_id    VARCHAR(64)  NOT NULL,
    device_id  VARCHAR(64)  NOT NULL,
    key_id     BIGINT       NOT NULL,
    public_key VARCHAR(200) NOT NULL,
    PRIMARY KEY (app_key, user_id, device_id, key_id)
);
