-- Every message row used to write four index entries at random places of their indexes besides its
-- primary key (ix_message_sender, ix_message_revoke_no, and the two unique keys). With traffic over
-- many quiet conversations each of those entries dirties a page of its own (bench/analysis.md), so
-- the two that serve rare paths go:
-- * revokes are numbered in a narrow table written only when a message is revoked, not an index
--   entry (mostly NULL) for every message;
-- * a user's own latest message in a conversation (the conversation list's unread count) is found
--   from the conversation's seq index within the unread range (ConversationService).
CREATE TABLE im_revoke (
    app_key         VARCHAR(32)  NOT NULL,
    conversation_id VARCHAR(140) NOT NULL,
    revoke_no       BIGINT       NOT NULL,
    seq             BIGINT       NOT NULL,
    PRIMARY KEY (app_key, conversation_id, revoke_no)
);
INSERT INTO im_revoke (app_key, conversation_id, revoke_no, seq)
    SELECT app_key, conversation_id, revoke_no, seq FROM im_message WHERE revoke_no IS NOT NULL;
DROP INDEX ix_message_revoke_no;
DROP INDEX ix_message_sender;
-- the number lives in im_revoke now; kept on the message too it would be a second truth
ALTER TABLE im_message DROP COLUMN revoke_no;
