-- Devices registered for offline push (docs/api.md, "Offline push"): one push token per device of a user.
CREATE TABLE im_push_device (
    app_key     VARCHAR(32)  NOT NULL,
    user_id     VARCHAR(64)  NOT NULL,
    device_id   VARCHAR(64)  NOT NULL,
    platform    VARCHAR(16)  NOT NULL,
    push_token  VARCHAR(512) NOT NULL,
    updated_at  BIGINT       NOT NULL,
    PRIMARY KEY (app_key, user_id, device_id)
);
