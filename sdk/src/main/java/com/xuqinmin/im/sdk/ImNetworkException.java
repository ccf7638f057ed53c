package com.xuqinmin.im.sdk;

/**
 * A call that got no answer from the server: it could not connect, the connection broke, the answer
 * was not the server's envelope, or the request timed out. Whether the server acted on the request is
 * unknown, except when it could not connect at all. Calls that are safe to repeat were already retried
 * before this is thrown.
 */
public final class ImNetworkException extends ImException {

    private static final long serialVersionUID = 1L;

    /** The {@link #error()} of every network failure. */
    public static final String NETWORK_ERROR = "NETWORK_ERROR";

    ImNetworkException(String message, Throwable cause) {
        super(0, NETWORK_ERROR, message, null, cause);
    }

    @Override
    public boolean isNetworkFailure() {
        return true;
    }
}
