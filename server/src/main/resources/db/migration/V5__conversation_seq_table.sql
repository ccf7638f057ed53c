-- A conversation's two counters move to a narrow table of their own. last_seq changes with every
-- message; in im_conversation each of those UPDATEs also rewrote the row's entries in the three
-- user/group indexes on H2 (and committed them again), which made the seq allocation a quarter of
-- what the server allocated per message (bench/analysis.md). Here only the primary key is touched.
CREATE TABLE im_conversation_seq (
    app_key         VARCHAR(32)  NOT NULL,
    conversation_id VARCHAR(140) NOT NULL,
    last_seq        BIGINT       NOT NULL,
    revoke_count    BIGINT       DEFAULT 0 NOT NULL,
    PRIMARY KEY (app_key, conversation_id)
);
INSERT INTO im_conversation_seq (app_key, conversation_id, last_seq, revoke_count)
    SELECT app_key, conversation_id, last_seq, revoke_count FROM im_conversation;
ALTER TABLE im_conversation DROP COLUMN last_seq;
ALTER TABLE im_conversation DROP COLUMN revoke_count;
