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
     * {@code CompletionException} or {@code ExecutionException}); DATABASE_UNAVAILABLE when the
     * database could not be reached; VALIDATION_FAILED for JSON nested deeper than the parser takes;
     * INTERNAL_ERROR otherwise.
     */
    public static ImException of(Throwable t) {
        for (Throwable x = t; x != null; x = x.getCause()) {
            if (x instanceof ImException e) {
                return e;
            }
        }
        if (nestedTooDeeply(t)) {
            return tooDeep();
        }
        if (databaseDown(t)) {
            return new ImException(ErrorCode.DATABASE_UNAVAILABLE,
                    "the database is unavailable; nothing was stored, try again later", t);
        }
        return new ImException(ErrorCode.INTERNAL_ERROR, "internal error", t);
    }

    /**
     * Whether a failure comes from a database that cannot be reached or refuses connections (SQL
     * states 08 connection, 28 authorization, 53 resources, 57P shutdown; or the pool's timeout),
     * as opposed to a failing statement.
     */
    public static boolean databaseDown(Throwable t) {
        int depth = 0;
        for (Throwable x = t; x != null && depth < 20; x = x.getCause(), depth++) {
            if (x instanceof java.sql.SQLTransientConnectionException
                    || x instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            if (x instanceof java.sql.SQLException s) {
                String state = s.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("28") || state.startsWith("53")
                        || state.startsWith("57P"))) {
                    return true;
                }
                for (java.sql.SQLException n = s.getNextException(); n != null && n != s; n = n.getNextException()) {
                    if (databaseDown(n)) {
                        return true;
                    }
                }
            }
            // Liberty's connection manager: J2CA0045E (no connection within connectionTimeout) and the like
            if (x.getMessage() != null && x.getMessage().startsWith("J2CA")) {
                return true;
            }
            if (x.getCause() == x) {
                break;
            }
        }
        return false;
    }

    /** The refusal of a JSON text nested deeper than the parser's limit: the caller's fault, never a 500. */
    public static ImException tooDeep() {
        return new ImException(ErrorCode.VALIDATION_FAILED,
                "the JSON is nested too deeply (at most " + JSON_MAX_DEPTH + " levels of arrays and objects)");
    }

    /** Parsson's default limit of nesting (its {@code org.eclipse.parsson.maxDepth}), which the server keeps. */
    public static final int JSON_MAX_DEPTH = 1000;

    /**
     * Whether a failure is Parsson refusing a JSON text nested deeper than its limit: it throws a
     * plain {@code RuntimeException} ("Input is too deeply nested 1,000") that JSON-B and JAX-RS may
     * wrap, so it is told from a bug by its type, its origin and its message.
     */
    public static boolean nestedTooDeeply(Throwable t) {
        int depth = 0;
        for (Throwable x = t; x != null && depth < 20; x = x.getCause(), depth++) {
            if (x.getClass() == RuntimeException.class && x.getMessage() != null
                    && x.getMessage().startsWith("Input is too deeply nested")) {
                return true;
            }
            if (x.getCause() == x) {
                break;
            }
        }
        return false;
    }

    public ErrorCode error() {
        return error;
    }

    /** The HTTP-style status code ({@code 400}, {@code 401}, ...). */
    public int code() {
        return error.code();
    }
}
