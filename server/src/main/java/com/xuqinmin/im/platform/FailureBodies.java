package com.xuqinmin.im.platform;

import com.xuqinmin.im.error.ErrorCode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes the failure envelope of API.md §2 on a plain servlet response, for the answers given
 * outside JAX-RS (the container's error page, the WebSocket handshake); JAX-RS answers go through
 * its exception mappers with the same fields.
 */
public final class FailureBodies {

    private FailureBodies() {
    }

    /**
     * {@code {"code","status":"1","message","error","requestId"}} with the error's status and the
     * request id in {@code X-Request-Id} too; a new id when {@code requestId} is null.
     */
    public static void write(HttpServletResponse res, ErrorCode error, String message, String requestId) throws IOException {
        String id = requestId != null ? requestId : Ulids.next();
        StringBuilder sb = new StringBuilder(160).append('{');
        Json.field(sb, "code", error.code());
        Json.field(sb, "status", "1");
        Json.field(sb, "message", message);
        Json.field(sb, "error", error.name());
        Json.field(sb, "requestId", id);
        sb.append('}');
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (!res.isCommitted()) {
            res.resetBuffer();
        }
        res.setStatus(error.code());
        res.setHeader("X-Request-Id", id);
        res.setContentType("application/json");
        res.setCharacterEncoding("UTF-8");
        if (error == ErrorCode.SERVER_BUSY || error == ErrorCode.SERVICE_UNAVAILABLE) {
            res.setHeader("Retry-After", "1");
        }
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }
}
