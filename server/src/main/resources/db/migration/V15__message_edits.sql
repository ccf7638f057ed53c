-- Editing a sent message (protocol.md, chat.edit; api.md, the edit calls).
-- * The message row holds the latest content, when it was last edited and how many edits it has
--   had; both NULL on a message never edited, so the hot insert path writes nothing more.
-- * im_message_edit keeps every version: the original as version 0, written at the first edit, then
--   one row per edit. edit_id is the client's idempotency key of an edit (unique per message; NULL
--   for version 0 and for edits sent without one).
-- * An app's edit window in seconds: NULL is the server default (IM_EDIT_WINDOW, 24 h), 0 disables
--   editing by users (the server API may still edit).
-- Compatible with the previous release: nullable columns and a new table.
ALTER TABLE im_message ADD COLUMN edited_at BIGINT;
ALTER TABLE im_message ADD COLUMN edit_count INTEGER;
ALTER TABLE im_app ADD COLUMN edit_window_seconds INTEGER;
CREATE TABLE im_message_edit (
    message_id  VARCHAR(26)    NOT NULL,
    version     INTEGER        NOT NULL,
    app_key     VARCHAR(32)    NOT NULL,
    content     VARCHAR(16384) NOT NULL,
    edited_at   BIGINT         NOT NULL,
    edit_id     VARCHAR(64),
    PRIMARY KEY (message_id, version),
    CONSTRAINT uq_message_edit_id UNIQUE (message_id, edit_id)
);
