package com.xuqinmin.im.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One state-changing call of the server API or a console, as the audit log keeps it. */
@Entity
@Table(name = "im_audit")
public class AuditEntry {

    @Id
    @Column(name = "id", length = 26)
    private String id;

    @Column(name = "at", nullable = false)
    private long at;

    @Column(name = "app_key", length = 32)
    private String appKey;

    @Column(name = "tenant_id")
    private Long tenantId;

    @Column(name = "actor", nullable = false, length = 160)
    private String actor;

    @Column(name = "action", nullable = false, length = 200)
    private String action;

    @Column(name = "target", nullable = false, length = 512)
    private String target;

    @Column(name = "address", length = 64)
    private String address;

    @Column(name = "status", nullable = false)
    private int status;

    @Column(name = "error", length = 64)
    private String error;

    @Column(name = "request_id", length = 64)
    private String requestId;

    protected AuditEntry() {
    }

    AuditEntry(String id, long at, String appKey, Long tenantId, String actor, String action, String target,
            String address, int status, String error, String requestId) {
        this.id = id;
        this.at = at;
        this.appKey = appKey;
        this.tenantId = tenantId;
        this.actor = cut(actor, 160);
        this.action = cut(action, 200);
        this.target = cut(target, 512);
        this.address = cut(address, 64);
        this.status = status;
        this.error = cut(error, 64);
        this.requestId = cut(requestId, 64);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    public String getId() { return id; }
    public long getAt() { return at; }
    public String getAppKey() { return appKey; }
    public Long getTenantId() { return tenantId; }
    public String getActor() { return actor; }
    public String getAction() { return action; }
    public String getTarget() { return target; }
    public String getAddress() { return address; }
    public int getStatus() { return status; }
    public String getError() { return error; }
    public String getRequestId() { return requestId; }
}
