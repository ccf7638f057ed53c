package com.xuqinmin.im.stomp;

import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;
import jakarta.websocket.EndpointConfig;

/** The WebSocket encoder of the STOMP endpoint: one frame per text message. */
public class StompFrameEncoder implements Encoder.Text<Frame> {

    @Override
    public String encode(Frame frame) throws EncodeException {
        try {
            return StompEncoder.encodeText(frame);
        } catch (IllegalArgumentException e) {
            throw new EncodeException(frame, e.getMessage(), e);
        }
    }

    @Override
    public void init(EndpointConfig config) {
    }

    @Override
    public void destroy() {
    }
}
