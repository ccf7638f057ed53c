package com.xuqinmin.im.error;

/**
 * The stable machine names of every failure, each with the HTTP-style code it is reported with.
 * The same pair appears in HTTP envelopes, STOMP ERROR headers and on {@code /user/queue/errors}.
 */
public enum ErrorCode {
    // 400
    VALIDATION_FAILED(400, "Validation failed"),
    MALFORMED_FRAME(400, "Malformed frame"),
    INVALID_ESCAPE(400, "Invalid header escape"),
    UNSUPPORTED_VERSION(400, "Supported protocol versions are 1.1,1.2"),
    NOT_CONNECTED(400, "Not connected"),
    ALREADY_CONNECTED(400, "Already connected"),
    UNKNOWN_COMMAND(400, "Unknown command"),
    UNKNOWN_TRANSACTION(400, "Unknown transaction"),
    NOT_SUBSCRIBED(400, "Not subscribed"),
    // 401
    UNAUTHORIZED(401, "Unauthorized"),
    TOKEN_INVALID(401, "Unauthorized"),
    TOKEN_EXPIRED(401, "Token expired"),
    INVALID_SIGNATURE(401, "Invalid signature"),
    TIMESTAMP_EXPIRED(401, "Timestamp outside the allowed window"),
    NONCE_REPLAYED(401, "Nonce already used"),
    KICKED(401, "Kicked"),
    INVALID_CREDENTIALS(401, "Wrong account or password"),
    // 403
    FORBIDDEN(403, "Forbidden"),
    ORIGIN_NOT_ALLOWED(403, "Origin not allowed"),
    APP_MISMATCH(403, "appKey does not match the token"),
    NOT_GROUP_MEMBER(403, "Not a member of the group"),
    NOT_CONVERSATION_MEMBER(403, "Not a member of the conversation"),
    NOT_MESSAGE_SENDER(403, "Only the sender or a group owner or admin may revoke this message"),
    REVOKE_WINDOW_PASSED(403, "The revoke window has passed"),
    /** The app's edit window has passed since the message was sent, or the app allows no edits (window 0). */
    EDIT_WINDOW_PASSED(403, "The edit window has passed"),
    USER_MUTED(403, "Muted"),
    /** The receiver of a single-chat message or a friend request has blocked the sender. */
    BLOCKED(403, "Blocked"),
    /** The app lets users send single-chat messages to their friends only. */
    NOT_FRIENDS(403, "Not friends"),
    USER_DISABLED(403, "User is disabled"),
    APP_DISABLED(403, "App is disabled"),
    TENANT_DISABLED(403, "Tenant is disabled"),
    /** The app's back-end (its beforeSendMessage webhook) refused the message; the message is the tenant's. */
    REJECTED_BY_APP(403, "Rejected by the app"),
    READ_RECEIPTS_OFF(403, "Read receipts are off in this group"),
    // 404
    NOT_FOUND(404, "Not found"),
    USER_NOT_FOUND(404, "User not found"),
    GROUP_NOT_FOUND(404, "Group not found"),
    MESSAGE_NOT_FOUND(404, "Message not found"),
    CONVERSATION_NOT_FOUND(404, "Conversation not found"),
    UNKNOWN_DESTINATION(404, "Unknown destination"),
    // 409
    DUPLICATE(409, "Already exists"),
    CONFLICT(409, "Conflict"),
    /** The message was revoked (or its content erased by a data deletion), so it cannot be edited. */
    MESSAGE_REVOKED(409, "The message was revoked"),
    // 413
    FRAME_TOO_LARGE(413, "Frame too large"),
    /** A WebSocket message over the connection's limit; reported by closing with 1009, not by an ERROR frame. */
    MESSAGE_TOO_LARGE(413, "Message too large"),
    TOO_MANY_HEADERS(413, "Too many headers"),
    CONTENT_TOO_LARGE(413, "Content too large"),
    BODY_TOO_LARGE(413, "Request body too large"),
    TRANSACTION_TOO_LARGE(413, "Transactions too large"),
    // 426
    /** Not a WebSocket upgrade (or not version 13) at the WebSocket endpoint. */
    UPGRADE_REQUIRED(426, "Upgrade required"),
    // 429
    RATE_LIMITED(429, "Rate limited"),
    TOO_MANY_SUBSCRIPTIONS(429, "Too many subscriptions"),
    TOO_MANY_TRANSACTIONS(429, "Too many open transactions"),
    LOGIN_LOCKED(429, "Too many failed logins; try again later"),
    /** A WebSocket handshake from an address that already has as many connections waiting for CONNECT as it may. */
    TOO_MANY_PENDING_CONNECTIONS(429, "Too many connections waiting for CONNECT"),
    SESSION_OVERLOADED(429, "Outbound queue overflow"),
    HEARTBEAT_TIMEOUT(400, "Heart-beat timeout"),
    // 500
    INTERNAL_ERROR(500, "Internal error"),
    // 503
    SERVICE_UNAVAILABLE(503, "Service unavailable"),
    /** A before-event webhook failed (timeout, error, open circuit) and the app's policy is failClosed. */
    APP_CALLBACK_FAILED(503, "The app's back-end did not answer"),
    /** The server is saturated and refused the request before doing any of it: try again shortly. */
    SERVER_BUSY(503, "Server busy"),
    /** The database refuses connections or is unreachable: nothing was stored; try again later. */
    DATABASE_UNAVAILABLE(503, "Database unavailable");

    private final int code;
    private final String defaultMessage;

    ErrorCode(int code, String defaultMessage) {
        this.code = code;
        this.defaultMessage = defaultMessage;
    }

    /** The HTTP status (and envelope {@code code}) this failure is reported with. */
    public int code() {
        return code;
    }

    public String defaultMessage() {
        return defaultMessage;
    }
}
