package com.xuqinmin.im.edge;

import com.xuqinmin.im.stomp.FrameBatch;
import com.xuqinmin.im.stomp.StompDecoder;
import com.xuqinmin.im.stomp.StompLimits;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;

/**
 * The product's streaming STOMP decoder behind the standard {@link Decoder.Text} contract: the
 * container gives each endpoint instance its own decoder, so the parser may keep an incomplete
 * frame between messages. The container hands it whole messages only (the spec applies decoders
 * to whole messages), which is what {@link AnnotatedEndpointOnLibertyIT} probes.
 */
public class WholeMessageStompDecoder implements Decoder.Text<FrameBatch> {

    private StompDecoder decoder;

    @Override
    public void init(EndpointConfig config) {
        // the message limit is the container's job here (@OnMessage(maxMessageSize)): no second count
        decoder = new StompDecoder(StompLimits.DEFAULT, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    @Override
    public FrameBatch decode(String message) {
        return decoder.text(message, true);
    }

    @Override
    public boolean willDecode(String message) {
        return true;
    }

    @Override
    public void destroy() {
        decoder = null;
    }
}
