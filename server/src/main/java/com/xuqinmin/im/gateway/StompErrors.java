package com.xuqinmin.im.gateway;

import com.xuqinmin.im.error.AppRejection;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.Json;
import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;

/**
 * The one place that turns an {@link ImException} into STOMP: an ERROR frame for protocol and
 * authentication failures (the socket then closes), or the JSON of a rejection sent on
 * {@code /user/queue/errors} (the session stays open).
 */
public final class StompErrors {

    private StompErrors() {
    }

    /**
     * The seed's answer to a bad token, byte for byte:
     * {@code ERROR / message:Unauthorized / code:401 / error:TOKEN_INVALID / content-type:text/plain /
     * content-length:12 / / Unauthorized}.
     */
    public static Frame unauthorized() {
        return Frame.builder(Command.ERROR)
                .header("message", "Unauthorized")
                .header("code", "401")
                .header("error", ErrorCode.TOKEN_INVALID.name())
                .header("content-type", "text/plain")
                .header("content-length", "12")
                .body("Unauthorized")
                .build();
    }

    /** An ERROR frame: {@code message} is short, the body says what exactly was wrong. */
    public static Frame error(ImException e, String receiptId) {
        return error(e.error(), e.getMessage(), receiptId);
    }

    public static Frame error(ErrorCode code, String detail, String receiptId) {
        return Frame.builder(Command.ERROR)
                .header("message", code.defaultMessage())
                .header("code", Integer.toString(code.code()))
                .header("error", code.name())
                .header("receipt-id", receiptId)
                // STOMP 1.2 "Protocol Negotiation": a client with no version in common is told ours
                .header("version", code == ErrorCode.UNSUPPORTED_VERSION ? "1.2,1.1" : null)
                .header("content-type", "text/plain")
                .body(detail == null ? code.defaultMessage() : detail)
                .build();
    }

    /** {@code ERROR message:Kicked}: the user was kicked, banned, or opened too many sessions. */
    public static Frame kicked(String reason) {
        return error(ErrorCode.KICKED, reason, null);
    }

    /** The body of a rejection on {@code /user/queue/errors} (PROTOCOL.md §5). */
    public static String rejection(ImException e, String messageId, String destination, String receiptId,
            String subscriptionId) {
        StringBuilder sb = new StringBuilder(160);
        sb.append('{');
        Json.field(sb, "code", e.code());
        Json.field(sb, "status", "1");
        Json.field(sb, "error", e.error().name());
        Json.field(sb, "message", e.getMessage());
        if (e instanceof AppRejection r) {
            Json.field(sb, "appCode", r.appCode());
        }
        Json.field(sb, "messageId", messageId);
        Json.field(sb, "destination", destination);
        Json.field(sb, "receiptId", receiptId);
        Json.field(sb, "subscription", subscriptionId);
        return sb.append('}').toString();
    }
}
