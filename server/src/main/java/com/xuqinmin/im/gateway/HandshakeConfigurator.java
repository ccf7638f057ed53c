package com.xuqinmin.im.gateway;

import com.xuqinmin.im.stomp.StompDecoder;
import com.xuqinmin.im.stomp.StompLimits;
import jakarta.servlet.http.HttpSession;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Checks the Origin of a WebSocket handshake against {@code IM_ORIGINS} (a comma-separated
 * allow-list; {@code *}, the default, allows every origin as the original product did) and hands
 * the configured frame limits to the connection's decoder. A refused origin gets HTTP 403 from the
 * container. The token is checked by {@link HandshakeFilter}.
 */
public class HandshakeConfigurator extends ServerEndpointConfig.Configurator {

    @Override
    public boolean checkOrigin(String origin) {
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
        dropHttpSession(request);
        Config config = ConfigProvider.getConfig();
        sec.getUserProperties().put(StompDecoder.LIMITS_PROPERTY, new StompLimits(
                config.getOptionalValue("im.frame.max-bytes", Integer.class).orElse(StompLimits.DEFAULT.maxFrameBytes()),
                config.getOptionalValue("im.frame.max-headers", Integer.class).orElse(StompLimits.DEFAULT.maxHeaders())));
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
