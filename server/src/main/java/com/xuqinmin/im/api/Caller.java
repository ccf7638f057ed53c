package com.xuqinmin.im.api;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import jakarta.enterprise.context.RequestScoped;

/** This HTTP request: its id, and who is calling once a filter has proven it. */
@RequestScoped
public class Caller {

    private String requestId;
    private String appKey;
    private Long tenantId;
    private String operator;
    private String userId;

    void requestId(String id) {
        this.requestId = id;
    }

    public String requestId() {
        return requestId;
    }

    void app(String appKey) {
        this.appKey = appKey;
    }

    /** The app of this request: whose back-end signed it, or whose user holds the im_jwt. */
    public String appKey() {
        if (appKey == null) {
            throw new ImException(ErrorCode.UNAUTHORIZED);
        }
        return appKey;
    }

    void tenant(long id) {
        this.tenantId = id;
    }

    /** The tenant signed in to the console. */
    public long tenantId() {
        if (tenantId == null) {
            throw new ImException(ErrorCode.UNAUTHORIZED);
        }
        return tenantId;
    }

    void operator(String name) {
        this.operator = name;
    }

    public String operator() {
        if (operator == null) {
            throw new ImException(ErrorCode.UNAUTHORIZED);
        }
        return operator;
    }

    void imUser(String appKey, String userId) {
        this.appKey = appKey;
        this.userId = userId;
    }

    /** The IM user behind this request's im_jwt. */
    public String userId() {
        if (userId == null) {
            throw new ImException(ErrorCode.UNAUTHORIZED);
        }
        return userId;
    }

    /** Who called, as far as a filter proved it, for the audit log: null where it did not. */
    String appKeyOrNull() {
        return appKey;
    }

    Long tenantIdOrNull() {
        return tenantId;
    }

    String operatorOrNull() {
        return operator;
    }

    String userIdOrNull() {
        return userId;
    }

    /** The success envelope for this request. */
    public <T> Envelope<T> ok(T data) {
        return Envelope.ok(data, requestId);
    }
}
