-- Live notices (issue 19): what changed for a user that it must not miss (a friend request received,
-- a friendship made or ended), numbered per user like a conversation's messages, so a client that
-- was offline reads the ones after the last it saw (GET /api/im/notices?afterSeq=), in order.
-- im_notice_seq holds each user's last seq; its row is locked while a notice is numbered.
CREATE TABLE im_notice (
    app_key    VARCHAR(32)   NOT NULL,
    user_id    VARCHAR(64)   NOT NULL,
    seq        BIGINT        NOT NULL,
    type       VARCHAR(32)   NOT NULL,
    data       VARCHAR(8192) NOT NULL,
    created_at BIGINT        NOT NULL,
    PRIMARY KEY (app_key, user_id, seq)
);

CREATE TABLE im_notice_seq (
    app_key  VARCHAR(32) NOT NULL,
    user_id  VARCHAR(64) NOT NULL,
    last_seq BIGINT      NOT NULL,
    PRIMARY KEY (app_key, user_id)
);
