package com.xuqinmin.im.gateway.sockjs;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.gateway.Connection;
import com.xuqinmin.im.gateway.Gateway;
import com.xuqinmin.im.gateway.PendingConnections;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.stomp.StompDecoder;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The SockJS {@code websocket} transport at {@code /ws/im/{server}/{session}/websocket}: the same
 * handshake checks as {@code /ws/im} (Origin, the pending-CONNECT caps, a {@code ?token=} that is
 * present must be valid), then SockJS framing around the same STOMP frames, handed to the same
 * {@link Gateway}. Each text message is a JSON array of strings (or one string), each string one
 * STOMP message; the JSON text is gathered here from its fragments and bounded at
 * {@link SockJsSessions#maxBodyBytes()}, each STOMP message at {@code IM_WS_MAX_MESSAGE_BYTES} by
 * the decoder. Broken JSON ends the connection with ERROR.
 */
public class SockJsEndpoint extends Endpoint {

    /** Where the container deploys it. */
    public static final String PATH = "/ws/im/{server}/{session}/websocket";

    private Gateway gateway;
    private Connection connection;

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        gateway = CDI.current().select(Gateway.class).get();
        ImConfig im = CDI.current().select(ImConfig.class).get();
        int maxJson = SockJsSessions.maxBodyBytes(im);
        session.setMaxTextMessageBufferSize(maxJson);
        session.setMaxBinaryMessageBufferSize(1024);
        session.setMaxIdleTimeout(0);
        session.getAsyncRemote().setSendTimeout(im.sendTimeoutMillis());
        List<String> tokens = session.getRequestParameterMap().get("token");
        String token = tokens == null || tokens.isEmpty() ? null : tokens.get(0);
        PendingConnections.Place place = session.getUserProperties().get(PendingConnections.PLACE)
                instanceof PendingConnections.Place p ? p : null;
        Connection c = gateway.open(new SockJsWebSocket(session, gateway.closes()), token, place);
        connection = c;
        StompDecoder decoder = new StompDecoder(StompDecoder.limits(config), im.wsMaxMessageBytes(), im.wsMaxMessageBytes());
        StringBuilder json = new StringBuilder();
        long[] jsonBytes = {0};
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>) (part, last) -> {
            jsonBytes[0] += part.getBytes(StandardCharsets.UTF_8).length;
            if (jsonBytes[0] > maxJson) {
                json.setLength(0);
                gateway.error(c, new ImException(ErrorCode.MESSAGE_TOO_LARGE,
                        "SockJS message larger than " + maxJson + " bytes"));
                return;
            }
            json.append(part);
            if (!last) {
                return;
            }
            String text = json.toString();
            json.setLength(0);
            jsonBytes[0] = 0;
            List<String> messages;
            try {
                messages = SockJsFrames.messages(text);
            } catch (ImException e) {
                gateway.error(c, e);
                return;
            }
            if (messages != null) {
                for (String m : messages) {
                    gateway.message(c, decoder.text(m, true));
                }
            }
        });
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
