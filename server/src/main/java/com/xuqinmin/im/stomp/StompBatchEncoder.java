package com.xuqinmin.im.stomp;

import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;
import jakarta.websocket.EndpointConfig;

/** The WebSocket encoder of a {@link OutboundFrames}: its frames, in order, in one text message. */
public class StompBatchEncoder implements Encoder.Text<OutboundFrames> {

    @Override
    public String encode(OutboundFrames batch) throws EncodeException {
        try {
            StringBuilder out = new StringBuilder(batch.textLength());
            for (OutboundFrame f : batch.frames()) {
                f.appendText(out);
            }
            return out.toString();
        } catch (IllegalArgumentException e) {
            throw new EncodeException(batch, e.getMessage(), e);
        }
    }

    @Override
    public void init(EndpointConfig config) {
    }

    @Override
    public void destroy() {
    }
}
