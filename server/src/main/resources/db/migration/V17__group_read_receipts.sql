-- Issue 21 item 2: group read receipts, switchable per group. NULL means the default: on for a
-- group of up to 500 members, off above.
ALTER TABLE im_group ADD COLUMN read_receipts BOOLEAN;
