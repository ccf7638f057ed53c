-- An app's corporate SSO (its IM users' logins with the company's identity provider) may name the
-- client id its tokens must carry in aud, as the consoles' IM_SSO_AUDIENCE does for them. Null: aud
-- is not checked (as before). Compatible with the previous release: a nullable column.
ALTER TABLE im_app ADD COLUMN sso_audience VARCHAR(512);
