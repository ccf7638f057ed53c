-- Each user's own settings of a conversation (issue 19): pinned, muted (read by push), hidden
-- until a message after hidden_seq arrives, and cleared: history up to cleared_seq is no longer
-- shown to this user (the other side keeps everything). A row exists only once the user changed
-- something.
CREATE TABLE im_conversation_setting (
    app_key         VARCHAR(32)  NOT NULL,
    user_id         VARCHAR(64)  NOT NULL,
    conversation_id VARCHAR(140) NOT NULL,
    pinned          BOOLEAN      NOT NULL,
    muted           BOOLEAN      NOT NULL,
    hidden_seq      BIGINT,
    cleared_seq     BIGINT       NOT NULL,
    updated_at      BIGINT       NOT NULL,
    PRIMARY KEY (app_key, user_id, conversation_id)
);
