package com.xuqinmin.im.stomp;

import com.xuqinmin.im.error.ImException;
import jakarta.websocket.DecodeException;
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
 * several frames yields them all. A protocol error surfaces as a {@link DecodeException} whose
 * cause is the {@link ImException}.
 */
public abstract class StompDecoder {

    /** The key under which the endpoint configuration may carry {@link StompLimits}. */
    public static final String LIMITS_PROPERTY = StompLimits.class.getName();

    private StompParser parser;

    public void init(EndpointConfig config) {
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
        public FrameBatch decode(String text) throws DecodeException {
            Collector c = new Collector();
            try {
                parser().feed(text, c);
            } catch (ImException e) {
                throw new DecodeException(text.length() > 256 ? text.substring(0, 256) : text, e.getMessage(), e);
            }
            return c.batch();
        }

        @Override
        public boolean willDecode(String s) {
            return true;
        }
    }

    /** Decodes binary messages. */
    public static class Binary extends StompDecoder implements Decoder.Binary<FrameBatch.FromBinary> {
        @Override
        public FrameBatch.FromBinary decode(ByteBuffer bytes) throws DecodeException {
            Collector c = new Collector();
            ByteBuffer copy = bytes.duplicate();
            try {
                parser().feed(bytes, c);
            } catch (ImException e) {
                throw new DecodeException(copy, e.getMessage(), e);
            }
            return new FrameBatch.FromBinary(c.batch());
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

        FrameBatch batch() {
            return new FrameBatch(frames == null ? List.of() : frames, heartbeats);
        }
    }
}
