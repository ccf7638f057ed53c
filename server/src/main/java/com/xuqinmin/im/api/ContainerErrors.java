package com.xuqinmin.im.api;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.platform.FailureBodies;
import com.xuqinmin.im.platform.Ulids;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The error page of the web container (WEB-INF/web.xml): whatever the container itself refuses
 * before JAX-RS or the WebSocket endpoint sees the request (a path no servlet serves, an encoded
 * {@code /} in a path, a Content-Type it cannot parse, an exception a filter let through) is
 * answered with the one envelope of API.md §2 and a stable {@code error} name, never the
 * container's HTML page, its message ids or a stack trace.
 */
@WebServlet(urlPatterns = ContainerErrors.PATH)
public class ContainerErrors extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Where web.xml sends every error; asked for directly, it is simply not found. */
    static final String PATH = "/error";

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i && i >= 400 && i < 600 ? i : 404;
        ErrorCode error = errorFor(status);
        String message = switch (status) {
            case 404 -> "no such endpoint";
            case 405 -> "method not allowed on this endpoint";
            case 400 -> "the request is malformed (its path, headers or encoding)";
            case 415 -> "unsupported Content-Type";
            default -> error.defaultMessage().toLowerCase(java.util.Locale.ROOT);
        };
        String requestId = requestId(req);
        // the web container marks its own error answers with an internal "$WSEP" header: not the client's business
        res.setHeader("$WSEP", null);
        FailureBodies.write(res, error, message, requestId);
    }

    /** The stable name of a status the container answers on its own. */
    static ErrorCode errorFor(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404, 405 -> ErrorCode.NOT_FOUND;
            case 413, 414, 431 -> ErrorCode.BODY_TOO_LARGE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
            default -> status < 500 ? ErrorCode.VALIDATION_FAILED : ErrorCode.INTERNAL_ERROR;
        };
    }

    private static String requestId(HttpServletRequest req) {
        String given = req.getHeader(RequestIds.HEADER);
        return given != null && RequestIds.sane(given) ? given : Ulids.next();
    }
}
