-- Data deletion (docs/security.md, "Data deletion: what the operator can promise users").
-- * A hard-deleted user keeps its row, with its profile wiped, as a tombstone: status DELETED
--   refuses its old userSigs even in an app that creates users on first use. purged_at says when
--   it was hard-deleted; the daily job finishes the purges of the last days (what was in flight at
--   that moment), found through the index.
-- * An app's retention: messages older than retention_days have their content erased by the
--   daily job. retention_erased_before is how far it got: every message of the app created before
--   it has been erased, so the next run starts there instead of at the app's first message.
ALTER TABLE im_user ADD COLUMN purged_at BIGINT;
CREATE INDEX ix_user_purged ON im_user (purged_at);
ALTER TABLE im_app ADD COLUMN retention_days INTEGER;
ALTER TABLE im_app ADD COLUMN retention_erased_before BIGINT;
