package com.xuqinmin.im.gateway.sockjs;

import com.xuqinmin.im.auth.TokenVerifier;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.gateway.Connection;
import com.xuqinmin.im.gateway.Gateway;
import com.xuqinmin.im.gateway.HandshakeConfigurator;
import com.xuqinmin.im.gateway.PendingConnections;
import com.xuqinmin.im.platform.FailureBodies;
import com.xuqinmin.im.platform.ImConfig;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SockJS fallback under {@code /ws/im} (sockjs-protocol 0.3.3, the service Spring's
 * {@code .withSockJS()} registered in the original product): {@code GET /ws/im/info}, the HTTP
 * transports {@code xhr_streaming}, {@code xhr} (polling) and {@code xhr_send}, with their CORS
 * preflights. The {@code websocket} transport ({@code /ws/im/{server}/{session}/websocket}) and the
 * plain WebSocket at {@code /ws/im} go on down the chain to the container's upgrade, after
 * {@code HandshakeFilter}. Other SockJS transports (eventsource, htmlfile, jsonp, iframe) are not
 * served: a client falls back from them to the ones here.
 *
 * <p>A session's first receiving request opens it as a WebSocket handshake would: the Origin must be
 * allowed, a {@code ?token=} that is present must be valid (else 401), and it takes a place among the
 * connections waiting for CONNECT (429 / 503 when the caps are reached). Its STOMP frames then go to
 * the same {@link Gateway}, with the same limits, as a WebSocket's.
 */
@WebFilter(urlPatterns = "/ws/im/*", asyncSupported = true)
public class SockJsFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** {@code /{server}/{session}/{transport}}: ids of one or more characters, neither {@code /} nor {@code .}. */
    private static final Pattern SESSION_PATH = Pattern.compile("/([^/.]{1,64})/([^/.]{1,64})/([a-z_]+)");
    /** The WebSocket transport's path (handled by the container's upgrade). */
    public static final Pattern WEBSOCKET_PATH = Pattern.compile("/ws/im/[^/.]{1,64}/[^/.]{1,64}/websocket");

    private static final String NO_CACHE = "no-store, no-cache, no-transform, must-revalidate, max-age=0";
    private static final long YEAR_SECONDS = 31_536_000;
    private static final long PLACE_GRACE_MILLIS = 10_000;

    private final SecureRandom random = new SecureRandom();

    @Inject
    SockJsSessions sessions;

    @Inject
    Gateway gateway;

    @Inject
    TokenVerifier tokens;

    @Inject
    PendingConnections pending;

    @Inject
    ImConfig config;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        if (path.equals("/ws/im") || WEBSOCKET_PATH.matcher(path).matches()) {
            chain.doFilter(req, res);
            return;
        }
        String rest = path.startsWith("/ws/im/") ? path.substring("/ws/im".length()) : "";
        String origin = req.getHeader("Origin");
        if (!HandshakeConfigurator.allowsOrigin(origin)) {
            FailureBodies.write(res, ErrorCode.ORIGIN_NOT_ALLOWED, "this Origin may not use the SockJS endpoint", null);
            return;
        }
        String method = req.getMethod();
        if (rest.equals("/")) {
            if ("GET".equals(method)) {
                res.setContentType("text/plain;charset=UTF-8");
                res.getOutputStream().write("Welcome to SockJS!\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
        } else if (rest.equals("/info")) {
            if ("GET".equals(method)) {
                info(req, res);
                return;
            }
            if ("OPTIONS".equals(method)) {
                preflight(req, res, "OPTIONS, GET");
                return;
            }
        } else {
            Matcher m = SESSION_PATH.matcher(rest);
            if (m.matches()) {
                String session = m.group(2);
                switch (m.group(3)) {
                    case "xhr", "xhr_streaming", "xhr_send" -> {
                        if ("OPTIONS".equals(method)) {
                            preflight(req, res, "OPTIONS, POST");
                            return;
                        }
                        if ("POST".equals(method)) {
                            if (m.group(3).equals("xhr_send")) {
                                send(req, res, session);
                            } else {
                                receive(req, res, session, m.group(3).equals("xhr_streaming"));
                            }
                            return;
                        }
                    }
                    default -> {
                        // not a transport served here
                    }
                }
            }
        }
        FailureBodies.write(res, ErrorCode.NOT_FOUND, "no such SockJS endpoint", null);
    }

    private void info(HttpServletRequest req, HttpServletResponse res) throws IOException {
        cors(req, res);
        res.setHeader("Cache-Control", NO_CACHE);
        res.setContentType("application/json;charset=UTF-8");
        long entropy = random.nextInt() & 0xffffffffL;
        String body = "{\"entropy\":" + entropy + ",\"origins\":[\"*:*\"],\"cookie_needed\":false,\"websocket\":true}";
        res.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    private static void preflight(HttpServletRequest req, HttpServletResponse res, String methods) {
        cors(req, res);
        res.setStatus(HttpServletResponse.SC_NO_CONTENT);
        res.setHeader("Cache-Control", "public, max-age=" + YEAR_SECONDS);
        res.setDateHeader("Expires", System.currentTimeMillis() + YEAR_SECONDS * 1000);
        res.setHeader("Access-Control-Max-Age", Long.toString(YEAR_SECONDS));
        res.setHeader("Access-Control-Allow-Methods", methods);
        String headers = req.getHeader("Access-Control-Request-Headers");
        if (headers != null && !headers.isEmpty()) {
            res.setHeader("Access-Control-Allow-Headers", headers);
        }
    }

    /**
     * sockjs-client sends its requests with credentials, so the origin is echoed (an allowed one:
     * {@code IM_ORIGINS} was checked); no cookie is ever set on these paths.
     */
    private static void cors(HttpServletRequest req, HttpServletResponse res) {
        String origin = req.getHeader("Origin");
        if (origin == null || origin.isEmpty()) {
            res.setHeader("Access-Control-Allow-Origin", "*");
        } else {
            res.setHeader("Access-Control-Allow-Origin", origin);
            res.setHeader("Access-Control-Allow-Credentials", "true");
            res.addHeader("Vary", "Origin");
        }
    }

    /** {@code xhr} and {@code xhr_streaming}: opens the session when it is new, then waits for its frames. */
    private void receive(HttpServletRequest req, HttpServletResponse res, String id, boolean streaming) throws IOException {
        SockJsSession s = sessions.get(id);
        if (s == null) {
            String token = queryParameter(req.getQueryString(), "token");
            if (token != null && !token.isEmpty()) {
                try {
                    tokens.check(token);
                } catch (ImException e) {
                    FailureBodies.write(res, ErrorCode.TOKEN_INVALID, "Unauthorized", null);
                    return;
                } catch (RuntimeException e) {
                    FailureBodies.write(res, ErrorCode.SERVICE_UNAVAILABLE, "the token could not be checked; try again", null);
                    return;
                }
            }
            PendingConnections.Place place;
            try {
                place = pending.take(req.getRemoteAddr(), config.wsPendingPerAddress(), config.wsPendingMax(),
                        System.currentTimeMillis() + config.connectTimeoutMillis() + PLACE_GRACE_MILLIS);
            } catch (ImException e) {
                FailureBodies.write(res, e.error(), e.getMessage(), null);
                return;
            }
            s = sessions.open(id, token, place, streaming);
        }
        cors(req, res);
        res.setHeader("Cache-Control", NO_CACHE);
        res.setContentType("application/javascript;charset=UTF-8");
        AsyncContext ctx = req.startAsync();
        // a poll is answered within the heart-beat interval; a stream is ended by its byte limit or the session
        ctx.setTimeout(streaming ? 0 : sessions.heartbeatMillis + 30_000);
        Receiver r = new Receiver(s, ctx, streaming);
        String answer = s.attach(r);
        if (answer != null) {
            String body = (streaming ? "h".repeat(2048) + "\n" : "") + answer + "\n";
            try {
                res.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
            } finally {
                r.end();
            }
        }
    }

    /** {@code xhr_send}: a JSON array of STOMP messages for an open session. */
    private void send(HttpServletRequest req, HttpServletResponse res, String id) throws IOException {
        SockJsSession s = sessions.get(id);
        Connection c = s == null ? null : s.connection();
        if (c == null || s.isClosed()) {
            FailureBodies.write(res, ErrorCode.NOT_FOUND, "no such SockJS session", null);
            return;
        }
        int max = sessions.maxBodyBytes();
        long declared = req.getContentLengthLong();
        byte[] body = declared > max ? null : req.getInputStream().readNBytes(max + 1);
        if (body == null || body.length > max) {
            // as a WebSocket message over the limit closes its socket with 1009
            c.closeAfter(null, new CloseReason(CloseReason.CloseCodes.TOO_BIG, "message larger than " + max + " bytes"));
            FailureBodies.write(res, ErrorCode.MESSAGE_TOO_LARGE,
                    "an xhr_send body may have at most " + max + " bytes; the session is closed", null);
            return;
        }
        List<String> messages;
        try {
            messages = SockJsFrames.messages(new String(body, StandardCharsets.UTF_8));
        } catch (ImException e) {
            FailureBodies.write(res, ErrorCode.VALIDATION_FAILED, "Broken JSON encoding.", null);
            return;
        }
        if (messages == null) {
            FailureBodies.write(res, ErrorCode.VALIDATION_FAILED, "Payload expected.", null);
            return;
        }
        synchronized (s.decoder) {
            for (String m : messages) {
                gateway.message(c, s.decoder.text(m, true));
            }
        }
        cors(req, res);
        res.setHeader("Cache-Control", NO_CACHE);
        res.setContentType("text/plain;charset=UTF-8");
        res.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    /** A query parameter's first value, read from the query string only (never from a body). */
    static String queryParameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (k.equals(name)) {
                try {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return pair.substring(eq + 1); // malformed: checked as it is, and refused
                }
            }
        }
        return null;
    }
}
