package com.xuqinmin.im.gateway;

import com.xuqinmin.im.stomp.FrameBatch;
import com.xuqinmin.im.stomp.StompDecoder;
import com.xuqinmin.im.stomp.StompFrameEncoder;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/**
 * The STOMP-over-WebSocket endpoint at {@code /ws/im} (PROTOCOL.md). The container makes one
 * instance per connection, with its own decoders ({@link StompDecoder}); the instance only translates
 * container callbacks for the {@link Gateway}.
 */
@ServerEndpoint(value = "/ws/im",
        subprotocols = {"v12.stomp"},
        decoders = {StompDecoder.Text.class, StompDecoder.Binary.class},
        encoders = StompFrameEncoder.class,
        configurator = HandshakeConfigurator.class)
public class ImEndpoint {

    private Gateway gateway;
    private Connection connection;

    @OnOpen
    public void open(Session session) {
        gateway = CDI.current().select(Gateway.class).get();
        connection = gateway.open(session);
    }

    @OnMessage
    public void text(FrameBatch batch) {
        gateway.message(connection, batch);
    }

    @OnMessage
    public void binary(FrameBatch.FromBinary batch) {
        gateway.message(connection, batch.batch());
    }

    @OnError
    public void error(Session session, Throwable t) {
        if (gateway != null) {
            gateway.error(connection, t);
        }
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        if (gateway != null) {
            gateway.closed(connection);
        }
    }
}
