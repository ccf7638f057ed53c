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
 * The STOMP-over-WebSocket endpoint at {@code /ws/im} (PROTOCOL.md), registered by
 * {@link ImEndpointConfig}. The container makes one instance per connection; it only translates
 * container callbacks for the {@link Gateway}, with the connection's own {@link StompDecoder}.
 *
 * <p>Why a programmatic endpoint with partial handlers rather than an annotated one with decoders:
 * Open Liberty buffers a whole message before any decoder, even a stream decoder, sees it, and checks
 * the message buffer size only per WebSocket frame (for annotated partial methods not at all), so a
 * message sent in many fragments could grow without limit. Here each fragment is parsed as it
 * arrives while {@link StompDecoder} counts the bytes of its message, and the container still
 * refuses any single frame over the buffer size (close 1009) before reading it in. The price: Open
 * Liberty turns each text fragment into a String on its own, so a fragment ending inside a UTF-8
 * character is refused with 1007 (clients that fragment, like the JDK's, cut between characters).
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
