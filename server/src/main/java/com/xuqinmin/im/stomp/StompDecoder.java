package com.xuqinmin.im.stomp;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import jakarta.websocket.EndpointConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the WebSocket input of one connection into STOMP frames, part by part as the container
 * hands the parts over (each fragment of a message as it arrives), so nothing is buffered beyond
 * one part and the frame in progress. It keeps the connection's streaming parser, which enforces
 * the per-frame {@link StompLimits}: a frame split over several parts or messages is completed
 * here, and a part holding several frames yields them all. It also counts the bytes of the message
 * in progress: a message growing past its limit is refused (its part is not parsed) with
 * {@link ErrorCode#MESSAGE_TOO_LARGE}, the frames completed by its earlier parts having been
 * returned already. One instance per connection, used by one thread at a time.
 *
 * <p>A protocol error does not throw: it comes back in the batch, after the frames that preceded
 * it. After an error every later part is refused with that error.
 */
public final class StompDecoder {

    /** The key under which the endpoint configuration may carry {@link StompLimits}. */
    public static final String LIMITS_PROPERTY = StompLimits.class.getName();

    private final StompParser parser;
    private final int maxTextMessageBytes;
    private final int maxBinaryMessageBytes;

    /** The bytes of the message in progress so far; 0 between messages. */
    private long messageBytes;
    private ImException failure;

    /**
     * @param limits the limits of one STOMP frame
     * @param maxTextMessageBytes the most bytes (UTF-8) a text message may have; a message of exactly
     *     this many is accepted
     * @param maxBinaryMessageBytes the same for binary messages
     */
    public StompDecoder(StompLimits limits, int maxTextMessageBytes, int maxBinaryMessageBytes) {
        this.parser = new StompParser(limits);
        this.maxTextMessageBytes = maxTextMessageBytes;
        this.maxBinaryMessageBytes = maxBinaryMessageBytes;
    }

    /** The frame limits the handshake put in the endpoint configuration, else the defaults. */
    public static StompLimits limits(EndpointConfig config) {
        Object limits = config == null ? null : config.getUserProperties().get(LIMITS_PROPERTY);
        return limits instanceof StompLimits l ? l : StompLimits.DEFAULT;
    }

    /** Decodes a part of a text message; {@code last} ends the message. */
    public FrameBatch text(String part, boolean last) {
        if (failure != null) {
            return new FrameBatch(List.of(), 0, failure);
        }
        // the UTF-8 bytes are what the client sent and what the parser reads
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        if (!admit(bytes.length, last, maxTextMessageBytes)) {
            return new FrameBatch(List.of(), 0, failure);
        }
        Collector c = new Collector();
        try {
            parser.feed(bytes, 0, bytes.length, c);
        } catch (ImException e) {
            failure = e;
        }
        return c.batch(failure);
    }

    /** Decodes a part of a binary message; {@code last} ends the message. */
    public FrameBatch binary(ByteBuffer part, boolean last) {
        if (failure != null) {
            return new FrameBatch(List.of(), 0, failure);
        }
        if (!admit(part.remaining(), last, maxBinaryMessageBytes)) {
            return new FrameBatch(List.of(), 0, failure);
        }
        Collector c = new Collector();
        try {
            parser.feed(part, c);
        } catch (ImException e) {
            failure = e;
        }
        return c.batch(failure);
    }

    /** Counts a part into its message; false (and the failure set) when the message gets too large. */
    private boolean admit(int partBytes, boolean last, int maxMessageBytes) {
        messageBytes += partBytes;
        if (messageBytes > maxMessageBytes) {
            failure = new ImException(ErrorCode.MESSAGE_TOO_LARGE,
                    "WebSocket message larger than " + maxMessageBytes + " bytes");
            return false;
        }
        if (last) {
            messageBytes = 0;
        }
        return true;
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
