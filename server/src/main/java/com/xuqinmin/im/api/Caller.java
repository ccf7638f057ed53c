package com.xuqinmin.im.api;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import jakarta.enterprise.context.RequestScoped;

/** This HTTP request: its id, and who is calling once a filter has proven it. */
@RequestScoped
public class Caller {

    private String requestId;
    private String appKey;

    void requestId(String id) {
        this.requestId = id;
    }

    public String requestId() {
        return requestId;
    }

    void app(String appKey) {
        this.appKey = appKey;
    }

    /** The app whose back-end signed this request. */
    public String appKey() {
        if (appKey == null) {
            throw new ImException(ErrorCode.UNAUTHORIZED);
        }
        return appKey;
    }

    /** The success envelope for this request. */
    public <T> Envelope<T> ok(T data) {
        return Envelope.ok(data, requestId);
    }
}
