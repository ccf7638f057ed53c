package com.xuqinmin.im.sdk;

/** One receiver's outcome in a batch send: the stored message, or the refusal for that receiver alone. */
public final class BatchResult {
    private final String toId;
    private final int code;
    private final String error;
    private final String message;
    private final Message sent;

    private BatchResult(Json.Obj o) {
        this.toId = o.str("toId");
        this.code = (int) o.lng("code", 0);
        this.error = o.str("error");
        this.message = o.str("message");
        Json.Obj data = o.obj("data");
        this.sent = data == null ? null : Message.of(data);
    }

    static BatchResult of(Json.Obj o) {
        return new BatchResult(o);
    }

    public String toId() {
        return toId;
    }

    public boolean ok() {
        return code == 200;
    }

    /** 200, or the HTTP status of this receiver's refusal. */
    public int code() {
        return code;
    }

    /** The refusal's machine name (e.g. {@code USER_NOT_FOUND}), or null on success. */
    public String error() {
        return error;
    }

    /** {@code success}, or what was wrong. */
    public String message() {
        return message;
    }

    /** The stored message, or null when refused. */
    public Message sent() {
        return sent;
    }

    @Override
    public String toString() {
        return "BatchResult[" + toId + ", " + (ok() ? sent : code + " " + error) + "]";
    }
}
