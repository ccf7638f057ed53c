package com.xuqinmin.im.gateway;

import com.xuqinmin.im.auth.TokenVerifier;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a WebSocket handshake whose {@code ?token=} is present but invalid with HTTP 401, before
 * any upgrade (PROTOCOL.md §1). A handshake without a token passes: CONNECT must then carry one.
 * On a server that upgrades before filters run, CONNECT still checks the token and answers
 * {@code ERROR message:Unauthorized}.
 */
@WebFilter(urlPatterns = "/ws/im", asyncSupported = true)
public class HandshakeFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    TokenVerifier tokens;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        String token = req.getParameter("token");
        if (token != null && !token.isEmpty()) {
            try {
                tokens.check(token);
            } catch (ImException e) {
                unauthorized(res);
                return;
            } catch (RuntimeException e) {
                res.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                return;
            }
        }
        chain.doFilter(req, res);
    }

    private static void unauthorized(HttpServletResponse res) throws IOException {
        byte[] body = ("{\"code\":401,\"status\":\"1\",\"message\":\"Unauthorized\",\"error\":\""
                + ErrorCode.TOKEN_INVALID.name() + "\"}").getBytes(StandardCharsets.UTF_8);
        res.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        res.setContentType("application/json");
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }
}
