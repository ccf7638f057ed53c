package com.xuqinmin.im.gateway;

import com.xuqinmin.im.auth.TokenVerifier;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.gateway.sockjs.SockJsFilter;
import com.xuqinmin.im.platform.FailureBodies;
import com.xuqinmin.im.platform.ImConfig;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Base64;

/**
 * Checks a WebSocket handshake at {@code /ws/im} (and at the SockJS {@code websocket} transport's
 * {@code /ws/im/{server}/{session}/websocket}) before the upgrade (PROTOCOL.md §1) and answers
 * every refusal with the failure envelope, where the container would answer an empty 400 or 403:
 * a request that is not a WebSocket upgrade (426 {@code UPGRADE_REQUIRED}, with
 * {@code Upgrade: websocket}), a {@code Sec-WebSocket-Version} other than 13 (426, with
 * {@code Sec-WebSocket-Version: 13}, RFC 6455 §4.4), a missing or malformed
 * {@code Sec-WebSocket-Key} (400 {@code VALIDATION_FAILED}), an Origin outside {@code IM_ORIGINS}
 * (403 {@code ORIGIN_NOT_ALLOWED}). Then it takes the connection's place among those waiting for
 * CONNECT ({@link PendingConnections}): over the cap of the client's address the answer is HTTP 429
 * {@code TOO_MANY_PENDING_CONNECTIONS}, over the server's cap 503 {@code SERVER_BUSY}. The place is
 * handed on under the handshake's {@code Sec-WebSocket-Key} ({@link HandshakeConfigurator} claims it
 * for the new WebSocket session; no HTTP session is needed), and is given back here when nothing
 * claimed it, i.e. the handshake did not end in an upgrade.
 * Then a {@code ?token=} that is present but invalid is refused with HTTP 401. A handshake without a
 * token passes: CONNECT must then carry one. On a server that upgrades before filters run, CONNECT
 * still checks the token and answers {@code ERROR message:Unauthorized}, the configurator still
 * checks the Origin, and {@link Gateway#open} counts the connection in the total.
 *
 * <p>It also hands the container a request that opens no HTTP session (see {@link NoHttpSession}).
 */
// "/ws/im/*" also matches "/ws/im" itself; listing both would run the filter twice on it
@WebFilter(urlPatterns = "/ws/im/*", asyncSupported = true)
public class HandshakeFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /**
     * How long after its connection's CONNECT deadline a place is given back at the latest, should
     * the connection never open or never be seen to close.
     */
    private static final long PLACE_GRACE_MILLIS = 10_000;

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
        if (!path.equals(ImEndpointConfig.PATH) && !SockJsFilter.WEBSOCKET_PATH.matcher(path).matches()) {
            chain.doFilter(req, res); // SockJS over HTTP (SockJsFilter)
            return;
        }
        String upgrade = req.getHeader("Upgrade");
        if (!"GET".equals(req.getMethod()) || upgrade == null || !upgrade.trim().equalsIgnoreCase("websocket")) {
            res.setHeader("Upgrade", "websocket");
            FailureBodies.write(res, ErrorCode.UPGRADE_REQUIRED,
                    "this is the WebSocket endpoint: open it with a WebSocket client (GET with Upgrade: websocket)", null);
            return;
        }
        if (!"13".equals(trimmed(req.getHeader("Sec-WebSocket-Version")))) {
            res.setHeader("Sec-WebSocket-Version", "13");
            FailureBodies.write(res, ErrorCode.UPGRADE_REQUIRED, "Sec-WebSocket-Version 13 is required", null);
            return;
        }
        if (!validKey(req.getHeader("Sec-WebSocket-Key"))) {
            FailureBodies.write(res, ErrorCode.VALIDATION_FAILED, "Sec-WebSocket-Key must be 16 random bytes in base64", null);
            return;
        }
        if (!HandshakeConfigurator.allowsOrigin(req.getHeader("Origin"))) {
            FailureBodies.write(res, ErrorCode.ORIGIN_NOT_ALLOWED, "this Origin may not open a WebSocket here", null);
            return;
        }
        PendingConnections.Place place;
        try {
            place = pending.take(req.getRemoteAddr(), config.wsPendingPerAddress(), config.wsPendingMax(),
                    System.currentTimeMillis() + config.connectTimeoutMillis() + PLACE_GRACE_MILLIS);
        } catch (ImException e) {
            FailureBodies.write(res, e.error(), e.getMessage(), null);
            return;
        }
        String key = req.getHeader("Sec-WebSocket-Key").trim();
        if (!pending.handOn(key, place)) {
            place.release();
            FailureBodies.write(res, ErrorCode.VALIDATION_FAILED,
                    "another handshake with this Sec-WebSocket-Key is in progress; use a fresh random key", null);
            return;
        }
        try {
            String token = req.getParameter("token");
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
            chain.doFilter(new NoHttpSession(req), res);
        } finally {
            // the configurator claims the place when the upgrade goes ahead; one still here had no upgrade
            PendingConnections.Place left = pending.claim(key);
            if (left != null) {
                left.release();
            }
        }
    }

    /**
     * The handshake request as the container's WebSocket code sees it, without HTTP sessions. Open
     * Liberty asks for one ({@code getSession()}) at every handshake, keeps it with the WebSocket
     * session for as long as the connection lives (with its {@code Set-Cookie} in the kept 101
     * response and an entry in its own session-to-sockets map), about 1.5 KB of heap per connection
     * (docs/benchmarks.md, idle). The IM protocol keeps no HTTP state and Liberty takes a
     * {@code null} session as "none" (it then ties nothing to it), so none is opened.
     */
    static final class NoHttpSession extends HttpServletRequestWrapper {

        NoHttpSession(HttpServletRequest request) {
            super(request);
        }

        @Override
        public HttpSession getSession() {
            return null;
        }

        @Override
        public HttpSession getSession(boolean create) {
            return null;
        }
    }

    private static String trimmed(String v) {
        return v == null ? null : v.trim();
    }

    /** RFC 6455 §4.1: the key is a base64-encoded 16-byte value. */
    static boolean validKey(String key) {
        if (key == null) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key.trim()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
