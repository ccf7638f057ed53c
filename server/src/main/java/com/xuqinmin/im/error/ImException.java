package com.xuqinmin.im.error;

import java.util.Objects;

/**
 * The one exception type of the platform: a failure with a stable {@link ErrorCode} and a message
 * that is safe to show to the caller. It is mapped to an HTTP envelope, a STOMP ERROR frame or a
 * rejection on {@code /user/queue/errors} in exactly one place each.
 */
public class ImException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode error;

    public ImException(ErrorCode error) {
        this(error, error.defaultMessage());
    }

    public ImException(ErrorCode error, String message) {
        super(message, null, false, false);
        this.error = Objects.requireNonNull(error);
    }

    public ImException(ErrorCode error, String message, Throwable cause) {
        super(message, cause, false, false);
        this.error = Objects.requireNonNull(error);
    }

    /**
     * The {@link ImException} behind a failure that came back from another thread (wrapped in a
     * {@code CompletionException} or {@code ExecutionException}); INTERNAL_ERROR when there is none.
     */
    public static ImException of(Throwable t) {
        for (Throwable x = t; x != null; x = x.getCause()) {
            if (x instanceof ImException e) {
                return e;
            }
        }
        return new ImException(ErrorCode.INTERNAL_ERROR, "internal error", t);
    }

    public ErrorCode error() {
        return error;
    }

    /** The HTTP-style status code ({@code 400}, {@code 401}, ...). */
    public int code() {
        return error.code();
    }
}
