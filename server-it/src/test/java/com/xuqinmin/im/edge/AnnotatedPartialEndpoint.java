package com.xuqinmin.im.edge;

import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;

/**
 * The nearest annotated shape that could parse fragments as they arrive: an annotated endpoint
 * with partial-message methods, the session's buffer size set to the product's message limit.
 * Deployed only by {@link AnnotatedEndpointOnLibertyIT}; it answers how many characters a message
 * brought, so a test can see whether an oversize frame got through.
 */
@ServerEndpoint("/annotated-partial")
public class AnnotatedPartialEndpoint {

    private long chars;

    @OnOpen
    public void onOpen(Session session) {
        session.setMaxTextMessageBufferSize(AnnotatedStompEndpoint.MAX_MESSAGE_BYTES);
    }

    @OnMessage
    public void onPart(String part, boolean last, Session session) throws IOException {
        chars += part.length();
        if (last) {
            session.getBasicRemote().sendText("chars=" + chars);
            chars = 0;
        }
    }
}
