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
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a WebSocket handshake whose {@code ?token=} is present but invalid with HTTP 401, before
 * any upgrade (PROTOCOL.md §1). A handshake without a token passes: CONNECT must then carry one.
 * On a server that upgrades before filters run, CONNECT still checks the token and answers
 * {@code ERROR message:Unauthorized}.
 *
 * <p>It also hands the container a request that opens no HTTP session (see {@link NoHttpSession}).
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
        chain.doFilter(new NoHttpSession(req), res);
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

    private static void unauthorized(HttpServletResponse res) throws IOException {
        byte[] body = ("{\"code\":401,\"status\":\"1\",\"message\":\"Unauthorized\",\"error\":\""
                + ErrorCode.TOKEN_INVALID.name() + "\"}").getBytes(StandardCharsets.UTF_8);
        res.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        res.setContentType("application/json");
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }
}
