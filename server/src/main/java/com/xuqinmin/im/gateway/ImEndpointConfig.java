package com.xuqinmin.im.gateway;

import com.xuqinmin.im.gateway.sockjs.SockJsEndpoint;
import com.xuqinmin.im.stomp.StompBatchEncoder;
import com.xuqinmin.im.stomp.StompFrameEncoder;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Set;

/**
 * Deploys {@link ImEndpoint} at {@code /ws/im}: the STOMP 1.2 subprotocol, the frame encoders and
 * the {@link HandshakeConfigurator}, as an annotation would; and the SockJS {@code websocket}
 * transport ({@link SockJsEndpoint}) with the same configurator. The container finds this class in the
 * WAR; annotated endpoints, should there be any, are deployed as scanned.
 */
public class ImEndpointConfig implements ServerApplicationConfig {

    /** The path of the STOMP endpoint. */
    public static final String PATH = "/ws/im";

    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
        return Set.of(ServerEndpointConfig.Builder.create(ImEndpoint.class, PATH)
                        .subprotocols(List.of("v12.stomp"))
                        .encoders(List.of(StompFrameEncoder.class, StompBatchEncoder.class))
                        .configurator(new HandshakeConfigurator())
                        .build(),
                // SockJS's websocket transport: the same STOMP frames inside SockJS framing
                ServerEndpointConfig.Builder.create(SockJsEndpoint.class, SockJsEndpoint.PATH)
                        .subprotocols(List.of("v12.stomp"))
                        .configurator(new HandshakeConfigurator())
                        .build());
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        return scanned;
    }
}
