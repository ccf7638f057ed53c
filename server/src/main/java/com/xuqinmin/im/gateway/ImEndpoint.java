package com.xuqinmin.im.gateway;

import com.xuqinmin.im.stomp.StompDecoder;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;

/**
 * The STOMP-over-WebSocket endpoint at {@code /ws/im} (PROTOCOL.md), deployed by
 * {@link ImEndpointConfig} with the encoders, sub-protocol and handshake configurator an
 * {@code @ServerEndpoint} would declare. The container makes one instance per connection; it only
 * translates container callbacks for the {@link Gateway}, with the connection's own
 * {@link StompDecoder} fed each fragment as it arrives.
 *
 * <p>Why not the annotated shape with a {@code Decoder}: on Open Liberty neither annotated form bounds
 * a message. A whole-message method's {@code @OnMessage(maxMessageSize)} is checked per WebSocket
 * frame while every fragment is kept until the last, and an annotated partial method gets no size
 * check at all; server-it's {@code AnnotatedEndpointOnLibertyIT} deploys both and keeps the failing
 * checks as disabled tests. Here {@link StompDecoder} counts the bytes of each message itself, and
 * the container still refuses any single frame over the session's buffer size (close 1009) before
 * reading it in. The price: Open Liberty turns each text fragment into a String on its own, so a
 * fragment ending inside a UTF-8 character is refused with 1007 (clients that fragment, like the
 * JDK's, cut between characters).
 */
public class ImEndpoint extends Endpoint {

    private Gateway gateway;
    private Connection connection;

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        gateway = CDI.current().select(Gateway.class).get();
        connection = gateway.open(session); // sets the session's message size limits
        StompDecoder decoder = new StompDecoder(StompDecoder.limits(config), session.getMaxTextMessageBufferSize(),
                session.getMaxBinaryMessageBufferSize());
        Connection c = connection;
        session.addMessageHandler(String.class,
                (MessageHandler.Partial<String>) (part, last) -> gateway.message(c, decoder.text(part, last)));
        session.addMessageHandler(ByteBuffer.class,
                (MessageHandler.Partial<ByteBuffer>) (part, last) -> gateway.message(c, decoder.binary(part, last)));
    }

    @Override
    public void onError(Session session, Throwable t) {
        if (gateway != null) {
            gateway.error(connection, t);
        }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        if (gateway != null) {
            gateway.closed(connection);
        }
    }
}
