-- The audit log (docs/api.md, "Audit log"): every call of the server API and of the consoles that
-- changes state: who, what, on what, when, from where, and how it ended. Never a body or a header.
CREATE TABLE im_audit (
    id          VARCHAR(26)  NOT NULL PRIMARY KEY,
    at          BIGINT       NOT NULL,
    app_key     VARCHAR(32),
    tenant_id   BIGINT,
    actor       VARCHAR(160) NOT NULL,
    action      VARCHAR(200) NOT NULL,
    target      VARCHAR(512) NOT NULL,
    address     VARCHAR(64),
    status      INTEGER      NOT NULL,
    error       VARCHAR(64),
    request_id  VARCHAR(64)
);
CREATE INDEX ix_audit_app ON im_audit (app_key, id);
CREATE INDEX ix_audit_tenant ON im_audit (tenant_id, id);
