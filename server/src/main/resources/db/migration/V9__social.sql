-- The social layer (issue 19): friends, friend requests, the blocklist, richer profiles and the
-- app's policy for them. Portable SQL for H2 and PostgreSQL.
-- * A friendship is two rows, one per side, written and deleted together: each side keeps its own
--   remark, and "u's friends" is a primary-key prefix scan.
-- * A block is one row per (blocker, blocked); the send path reads a receiver's whole blocklist
--   (a primary-key prefix) into a cache.
-- * A friend request stays after it is decided (ACCEPTED, DECLINED) so the sender can see the answer.
CREATE TABLE im_friend (
    app_key    VARCHAR(32)  NOT NULL,
    user_id    VARCHAR(64)  NOT NULL,
    friend_id  VARCHAR(64)  NOT NULL,
    remark     VARCHAR(128),
    created_at BIGINT       NOT NULL,
    PRIMARY KEY (app_key, user_id, friend_id)
);

CREATE TABLE im_friend_request (
    id         VARCHAR(26)  NOT NULL PRIMARY KEY,
    app_key    VARCHAR(32)  NOT NULL,
    from_id    VARCHAR(64)  NOT NULL,
    to_id      VARCHAR(64)  NOT NULL,
    message    VARCHAR(256),
    status     VARCHAR(16)  NOT NULL,
    created_at BIGINT       NOT NULL,
    decided_at BIGINT
);
CREATE INDEX ix_friend_request_to ON im_friend_request (app_key, to_id, created_at);
CREATE INDEX ix_friend_request_from ON im_friend_request (app_key, from_id, created_at);

CREATE TABLE im_block (
    app_key    VARCHAR(32)  NOT NULL,
    user_id    VARCHAR(64)  NOT NULL,
    blocked_id VARCHAR(64)  NOT NULL,
    created_at BIGINT       NOT NULL,
    PRIMARY KEY (app_key, user_id, blocked_id)
);

ALTER TABLE im_user ADD COLUMN bio VARCHAR(512);
ALTER TABLE im_user ADD COLUMN extra VARCHAR(4096);

-- NULL: the defaults (addFriend APPROVAL, messaging ANYONE)
ALTER TABLE im_app ADD COLUMN add_friend_policy VARCHAR(16);
ALTER TABLE im_app ADD COLUMN messaging_policy VARCHAR(16);
