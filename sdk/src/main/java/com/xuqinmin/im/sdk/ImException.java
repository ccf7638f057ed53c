package com.xuqinmin.im.sdk;

/**
 * Every failure of a call, as the server reported it: {@link #code()} (the HTTP status, e.g. 404),
 * {@link #error()} (the stable machine name, e.g. {@code USER_NOT_FOUND}; docs/errors.md lists them),
 * {@link #getMessage()} (a sentence for people) and {@link #requestId()} (the id in the server's log).
 * A call that never got an answer throws the subclass {@link ImNetworkException} instead, with
 * {@code code} 0 and {@code error} {@code NETWORK_ERROR}: catch that to tell "the server refused"
 * from "the server could not be reached".
 */
public class ImException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;
    private final String error;
    private final String requestId;

    /** A refusal as the server would report it; public so that tests of your own code can throw one. */
    public ImException(int code, String error, String message, String requestId) {
        this(code, error, message, requestId, null);
    }

    ImException(int code, String error, String message, String requestId, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.error = error;
        this.requestId = requestId;
    }

    static ImException refusal(int code, String error, String message, String requestId) {
        return new ImException(code, error, message, requestId, null);
    }

    /** The HTTP status of the refusal (the envelope's {@code code}); 0 when there was no answer. */
    public int code() {
        return code;
    }

    /** The machine name of the failure, e.g. {@code INVALID_SIGNATURE}. */
    public String error() {
        return error;
    }

    /** The server's id of the request, as in its log; {@code null} when there was no answer. */
    public String requestId() {
        return requestId;
    }

    /** True when the call got no answer (connection refused, reset, timed out): the server did not refuse it. */
    public boolean isNetworkFailure() {
        return false;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + ": " + code + " " + error + ": " + getMessage()
                + (requestId == null ? "" : " (requestId " + requestId + ")");
    }
}
