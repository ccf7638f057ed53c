package com.xuqinmin.im.stomp;

import com.xuqinmin.im.error.ImException;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The WebSocket decoders of the STOMP endpoint, one for text and one for binary messages (an
 * endpoint has one handler per message kind, each bound to its decoder's type). The container
 * makes decoders per endpoint instance, that is per connection, so each keeps that connection's
 * streaming parser: a frame split over several messages is completed here, and a message holding
 * several frames yields them all. A protocol error does not throw: it comes back in the batch,
 * after the frames that preceded it, so every container handles it the same way.
 */
public abstract class StompDecoder {

    /** The key under which the endpoint configuration may carry {@link StompLimits}. */
    public static final String LIMITS_PROPERTY = StompLimits.class.getName();

    private StompParser parser;

    public void init(EndpointConfig config) {
        // Open Liberty calls init before every decode on the connection's one instance: a new parser
        // here would drop the part of a frame that an earlier message left in the old one
        if (parser != null) {
            return;
        }
        Object limits = config == null ? null : config.getUserProperties().get(LIMITS_PROPERTY);
        parser = new StompParser(limits instanceof StompLimits l ? l : StompLimits.DEFAULT);
    }

    public void destroy() {
        parser = null;
    }

    StompParser parser() {
        if (parser == null) {
            parser = new StompParser(StompLimits.DEFAULT);
        }
        return parser;
    }

    /** Decodes text messages. */
    public static class Text extends StompDecoder implements Decoder.Text<FrameBatch> {
        @Override
        public FrameBatch decode(String text) {
            Collector c = new Collector();
            try {
                parser().feed(text, c);
            } catch (ImException e) {
                return c.batch(e);
            }
            return c.batch(null);
        }

        @Override
        public boolean willDecode(String s) {
            return true;
        }
    }

    /** Decodes binary messages. */
    public static class Binary extends StompDecoder implements Decoder.Binary<FrameBatch.FromBinary> {
        @Override
        public FrameBatch.FromBinary decode(ByteBuffer bytes) {
            Collector c = new Collector();
            try {
                parser().feed(bytes, c);
            } catch (ImException e) {
                return new FrameBatch.FromBinary(c.batch(e));
            }
            return new FrameBatch.FromBinary(c.batch(null));
        }

        @Override
        public boolean willDecode(ByteBuffer bytes) {
            return true;
        }
    }

    private static final class Collector implements StompParser.Sink {
        private List<Frame> frames;
        private int heartbeats;

        @Override
        public void onFrame(Frame frame) {
            if (frames == null) {
                frames = new ArrayList<>(2);
            }
            frames.add(frame);
        }

        @Override
        public void onHeartbeat() {
            heartbeats++;
        }

        FrameBatch batch(ImException error) {
            return new FrameBatch(frames == null ? List.of() : frames, heartbeats, error);
        }
    }
}
