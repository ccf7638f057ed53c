-- The conversation index of im_cursor holds the whole key. H2 plans a statement when it is first
-- prepared (on a new server: on empty tables, where every index costs the same) and keeps the plan
-- while the statement lives; since V3_1 rebuilt im_cursor this index comes first, and a device's
-- cursor, looked up or updated by its key, was found by seeking the conversation and reading all of
-- its cursors: 15 ms per delivered-cursor update in a conversation of 50,000 devices on H2 2.4.240,
-- against 0.02 ms by the key (QueryPlansTest checks the plan).
-- Holding the whole key, either index finds the row with one seek.
DROP INDEX ix_cursor_conversation;
CREATE INDEX ix_cursor_conversation ON im_cursor (app_key, conversation_id, user_id, device_id);
