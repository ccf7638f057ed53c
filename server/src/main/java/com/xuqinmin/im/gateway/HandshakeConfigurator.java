package com.xuqinmin.im.gateway;

import com.xuqinmin.im.stomp.StompDecoder;
import com.xuqinmin.im.stomp.StompLimits;
import jakarta.servlet.http.HttpSession;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Checks the Origin of a WebSocket handshake against {@code IM_ORIGINS} (a comma-separated
 * allow-list; {@code *}, the default, allows every origin as the original product did), hands
 * the configured frame limits to the connection's decoder and the connection's place among those
 * waiting for CONNECT ({@link PendingConnections}) to its session. {@link HandshakeFilter} refuses a
 * bad origin first, with the envelope (403 {@code ORIGIN_NOT_ALLOWED}), and checks the token.
 */
public class HandshakeConfigurator extends ServerEndpointConfig.Configurator {

    // the container makes this object, so the bean is looked up (once) rather than injected
    private volatile PendingConnections pending;

    @Override
    public boolean checkOrigin(String origin) {
        return allowsOrigin(origin);
    }

    /** Whether {@code IM_ORIGINS} lets a handshake from {@code origin} through (also asked by {@link HandshakeFilter}). */
    public static boolean allowsOrigin(String origin) {
        return allows(ConfigProvider.getConfig().getOptionalValues("im.origins", String.class).orElse(List.of("*")),
                origin);
    }

    /**
     * Whether a handshake from {@code origin} passes the allow-list: {@code *} allows all; otherwise
     * the origin must be listed exactly (scheme, host and port, as browsers send it, case-insensitive).
     * Clients that are not browsers send no Origin and pass: the allow-list protects browsers' users.
     */
    static boolean allows(List<String> allowed, String origin) {
        if (allowed.contains("*") || origin == null) {
            return true;
        }
        for (String a : allowed) {
            if (a.trim().equalsIgnoreCase(origin.trim())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        // WebSocket 2.1: these user properties are the new session's own copy
        Object place = pendingPlace(request);
        if (place != null) {
            sec.getUserProperties().put(PendingConnections.PLACE, place);
        }
        dropHttpSession(request);
        Config config = ConfigProvider.getConfig();
        sec.getUserProperties().put(StompDecoder.LIMITS_PROPERTY, new StompLimits(
                config.getOptionalValue("im.frame.max-bytes", Integer.class).orElse(StompLimits.DEFAULT.maxFrameBytes()),
                config.getOptionalValue("im.frame.max-headers", Integer.class).orElse(StompLimits.DEFAULT.maxHeaders())));
    }

    /** The place {@link HandshakeFilter} left under this handshake's Sec-WebSocket-Key, if it did. */
    private PendingConnections.Place pendingPlace(HandshakeRequest request) {
        for (Map.Entry<String, List<String>> h : request.getHeaders().entrySet()) {
            if ("Sec-WebSocket-Key".equalsIgnoreCase(h.getKey()) && h.getValue() != null && !h.getValue().isEmpty()) {
                return pending().claim(h.getValue().get(0).trim());
            }
        }
        return null;
    }

    private PendingConnections pending() {
        PendingConnections p = pending;
        if (p == null) {
            p = CDI.current().select(PendingConnections.class).get();
            pending = p;
        }
        return p;
    }

    /**
     * Ends an HTTP session the container opened for the handshake anyway. {@link HandshakeFilter}
     * hands Open Liberty a request that opens none; a container that reaches the endpoint without
     * that filter would otherwise keep the unused session in memory for the session timeout (30
     * minutes by default) after its connection had closed: a client that reconnects often left
     * dozens behind. Liberty closes a WebSocket when its HTTP session ends only for a
     * container-authenticated user on a secure connection, which these connections never are.
     */
    private static void dropHttpSession(HandshakeRequest request) {
        if (request.getHttpSession() instanceof HttpSession session) {
            try {
                session.invalidate();
            } catch (IllegalStateException alreadyEnded) {
                // nothing left to drop
            }
        }
    }
}
