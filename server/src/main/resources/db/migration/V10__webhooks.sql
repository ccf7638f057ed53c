-- Webhooks (docs/api.md, "Webhooks"): one callback configuration per app, the outbox of the
-- after-events (written in the transaction of the fact they report) and the log of delivery attempts.

CREATE TABLE im_webhook (
    app_key       VARCHAR(32)   NOT NULL PRIMARY KEY,
    url           VARCHAR(1024) NOT NULL,
    -- the enabled events, comma-separated names (beforeSendMessage,afterSendMessage,...)
    events        VARCHAR(512)  NOT NULL,
    timeout_ms    INTEGER       NOT NULL,
    fail_closed   BOOLEAN       NOT NULL,
    updated_at    BIGINT        NOT NULL
);

-- One after-event waiting to be delivered, or done with. id is the eventId, a ULID: ids made on one
-- node only grow, and the events of one order_key (a conversation, a user) are delivered in id order.
CREATE TABLE im_webhook_outbox (
    id            VARCHAR(26)     NOT NULL PRIMARY KEY,
    app_key       VARCHAR(32)     NOT NULL,
    event         VARCHAR(32)     NOT NULL,
    order_key     VARCHAR(200)    NOT NULL,
    body          VARCHAR(131072) NOT NULL,
    status        VARCHAR(16)     NOT NULL,
    attempts      INTEGER         NOT NULL,
    created_at    BIGINT          NOT NULL,
    next_at       BIGINT          NOT NULL
);
CREATE INDEX ix_webhook_outbox_due ON im_webhook_outbox (status, next_at);
CREATE INDEX ix_webhook_outbox_order ON im_webhook_outbox (order_key, status, id);

-- Every attempt to deliver an event (before-events, after-events, pings): the per-app delivery log.
CREATE TABLE im_webhook_attempt (
    id            VARCHAR(26)   NOT NULL PRIMARY KEY,
    app_key       VARCHAR(32)   NOT NULL,
    event_id      VARCHAR(26)   NOT NULL,
    event         VARCHAR(32)   NOT NULL,
    attempted_at  BIGINT        NOT NULL,
    http_status   INTEGER,
    outcome       VARCHAR(16)   NOT NULL,
    latency_ms    BIGINT        NOT NULL,
    error         VARCHAR(256)
);
CREATE INDEX ix_webhook_attempt_app ON im_webhook_attempt (app_key, id);
