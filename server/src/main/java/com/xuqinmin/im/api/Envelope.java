package com.xuqinmin.im.api;

import com.xuqinmin.im.error.AppRejection;
import com.xuqinmin.im.error.ImException;

/**
 * The one envelope of every HTTP answer (API.md §2): {@code {code, status, message, data}} as the
 * original product has it, plus {@code error} (a stable machine name) on failures and the
 * {@code requestId} that also appears in the server log.
 */
public record Envelope<T>(int code, String status, String message, T data, String error, String requestId) {

    public static <T> Envelope<T> ok(T data, String requestId) {
        return new Envelope<>(200, "0", "success", data, null, requestId);
    }

    /** A failure; a refusal by the app's back-end carries the tenant's own code as {@code data.appCode}. */
    public static Envelope<Object> failure(ImException e, String requestId) {
        Object data = e instanceof AppRejection r && r.appCode() != null ? java.util.Map.of("appCode", r.appCode()) : null;
        return new Envelope<>(e.code(), "1", e.getMessage(), data, e.error().name(), requestId);
    }
}
