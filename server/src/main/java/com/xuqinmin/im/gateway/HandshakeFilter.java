package com.xuqinmin.im.gateway;

import com.xuqinmin.im.auth.TokenVerifier;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.ImConfig;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Checks a WebSocket handshake before the upgrade (PROTOCOL.md §1). First it takes the connection's
 * place among those waiting for CONNECT ({@link PendingConnections}): over the cap of the client's
 * address the answer is HTTP 429 {@code TOO_MANY_PENDING_CONNECTIONS}, over the server's cap 503
 * {@code SERVER_BUSY}, each with the JSON envelope. The place goes to the endpoint through the
 * handshake's HTTP session ({@link HandshakeConfigurator} moves it to the WebSocket session), and is
 * given back here when the handshake does not end in an upgrade. Then a {@code ?token=} that is
 * present but invalid is refused with HTTP 401. A handshake without a token passes: CONNECT must then
 * carry one. On a server that upgrades before filters run, CONNECT still checks the token and answers
 * {@code ERROR message:Unauthorized}, and {@link Gateway#open} counts the connection in the total.
 */
@WebFilter(urlPatterns = "/ws/im", asyncSupported = true)
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
        PendingConnections.Place place;
        try {
            place = pending.take(req.getRemoteAddr(), config.wsPendingPerAddress(), config.wsPendingMax(),
                    System.currentTimeMillis() + config.connectTimeoutMillis() + PLACE_GRACE_MILLIS);
        } catch (ImException e) {
            refuse(res, e);
            return;
        }
        boolean upgraded = false;
        try {
            String token = req.getParameter("token");
            if (token != null && !token.isEmpty()) {
                try {
                    tokens.check(token);
                } catch (ImException e) {
                    refuse(res, new ImException(ErrorCode.TOKEN_INVALID, "Unauthorized"));
                    return;
                } catch (RuntimeException e) {
                    res.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                    return;
                }
            }
            req.getSession(true).setAttribute(PendingConnections.PLACE, place);
            chain.doFilter(req, res);
            upgraded = res.getStatus() == HttpServletResponse.SC_SWITCHING_PROTOCOLS;
        } finally {
            if (!upgraded) {
                place.release();
                endSession(req);
            }
        }
    }

    /** Ends the HTTP session made to carry the place, when there was no upgrade to carry it to. */
    private static void endSession(HttpServletRequest req) {
        HttpSession session = req.getSession(false);
        if (session != null) {
            try {
                session.invalidate();
            } catch (IllegalStateException alreadyEnded) {
                // nothing left to end
            }
        }
    }

    /** The JSON envelope of the HTTP API, without a request id: {@code {"code","status","message","error"}}. */
    private static void refuse(HttpServletResponse res, ImException e) throws IOException {
        byte[] body = Json.createObjectBuilder()
                .add("code", e.code())
                .add("status", "1")
                .add("message", e.getMessage())
                .add("error", e.error().name())
                .build().toString().getBytes(StandardCharsets.UTF_8);
        res.setStatus(e.code());
        if (e.error() == ErrorCode.SERVER_BUSY) {
            res.setHeader("Retry-After", "1");
        }
        res.setContentType("application/json");
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }
}
