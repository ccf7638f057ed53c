-- The conversation list counts a user's own latest message as read (chat/Unread.java): it asks for
-- the highest seq a user sent in each conversation of a page, which this index answers with a seek.
CREATE INDEX ix_message_sender ON im_message (app_key, from_id, conversation_id, seq);
