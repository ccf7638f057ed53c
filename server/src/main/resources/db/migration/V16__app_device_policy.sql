-- Issue 21 item 4: how many sessions a user of the app may have at once, by platform
-- (MULTI, ONE_PER_PLATFORM, MOBILE_OR_DESKTOP_ONE, SINGLE); NULL means MULTI, as before.
ALTER TABLE im_app ADD COLUMN device_policy VARCHAR(24);
