package com.xuqinmin.im.error;

/**
 * A message the app's back-end refused ({@link ErrorCode#REJECTED_BY_APP}): the message is the
 * tenant's, and {@code appCode} the tenant's own code for the reason, when it gave one.
 */
public class AppRejection extends ImException {

    private static final long serialVersionUID = 1L;

    private final String appCode;

    public AppRejection(String appCode, String message) {
        super(ErrorCode.REJECTED_BY_APP, message);
        this.appCode = appCode;
    }

    /** The tenant's code, or null. */
    public String appCode() {
        return appCode;
    }
}
