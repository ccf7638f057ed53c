package com.xuqinmin.im.gateway;

import com.xuqinmin.im.auth.TokenVerifier;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.FailureBodies;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Base64;

/**
 * Answers a bad WebSocket handshake at {@code /ws/im} with the failure envelope, before any upgrade
 * (PROTOCOL.md §1), where the container would answer an empty 400 or 403: a request that is not a
 * WebSocket upgrade (426 {@code UPGRADE_REQUIRED}, with {@code Upgrade: websocket}), a
 * {@code Sec-WebSocket-Version} other than 13 (426, with {@code Sec-WebSocket-Version: 13}, RFC 6455
 * §4.4), a missing or malformed {@code Sec-WebSocket-Key} (400 {@code VALIDATION_FAILED}), an Origin
 * outside {@code IM_ORIGINS} (403 {@code ORIGIN_NOT_ALLOWED}), and a {@code ?token=} that is present
 * but invalid (401 {@code TOKEN_INVALID}). A handshake without a token passes: CONNECT must then
 * carry one. On a server that upgrades before filters run, CONNECT still checks the token and
 * answers {@code ERROR message:Unauthorized}, and the configurator still checks the Origin.
 */
@WebFilter(urlPatterns = "/ws/im", asyncSupported = true)
public class HandshakeFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    TokenVerifier tokens;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
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
            FailureBodies.write(res, ErrorCode.VALIDATION_FAILED,
                    "Sec-WebSocket-Key must be 16 random bytes in base64", null);
            return;
        }
        if (!HandshakeConfigurator.allowsOrigin(req.getHeader("Origin"))) {
            FailureBodies.write(res, ErrorCode.ORIGIN_NOT_ALLOWED, "this Origin may not open a WebSocket here", null);
            return;
        }
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
        chain.doFilter(req, res);
    }

    private static String trimmed(String s) {
        return s == null ? null : s.trim();
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
