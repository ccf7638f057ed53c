-- Revokes are numbered per conversation, and each device remembers how many it has seen, so a
-- device that already had a message and was offline when it was revoked learns of it at its next sync.
ALTER TABLE im_conversation ADD COLUMN revoke_count BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE im_message ADD COLUMN revoke_no BIGINT;
ALTER TABLE im_cursor ADD COLUMN revokes_seen BIGINT DEFAULT 0 NOT NULL;
CREATE INDEX ix_message_revoke_no ON im_message (app_key, conversation_id, revoke_no);
