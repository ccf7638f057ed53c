package com.xuqinmin.im.edge;

import com.xuqinmin.im.stomp.FrameBatch;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

/**
 * The design card's shape of the STOMP edge, deployed only by {@link AnnotatedEndpointOnLibertyIT}:
 * an annotated endpoint whose {@link WholeMessageStompDecoder} turns each WebSocket message into
 * STOMP frames, with the container bounding a message at the 256 KiB the product allows. It answers
 * what it decoded, so a test can see whether a message got through.
 */
@ServerEndpoint(value = "/annotated", decoders = WholeMessageStompDecoder.class)
public class AnnotatedStompEndpoint {

    /** The product's WebSocket message limit (IM_WS_MAX_MESSAGE_BYTES). */
    static final int MAX_MESSAGE_BYTES = 256 * 1024;

    @OnMessage(maxMessageSize = MAX_MESSAGE_BYTES)
    public String onMessage(FrameBatch batch) {
        return "frames=" + batch.frames().size() + " heartbeats=" + batch.heartbeats();
    }
}
