package com.xuqinmin.im.stomp;

import java.util.List;

/**
 * Several frames the server writes as one WebSocket message, one after the other (STOMP reads a
 * connection as a stream of frames, so a client splits them at their NUL bytes, as
 * {@code @stomp/stompjs} does). The server batches the frames that queued up for a connection while
 * its previous write was in flight, so a busy connection costs one write per batch, not per frame.
 */
public record OutboundFrames(List<Frame> frames) {

    public OutboundFrames {
        frames = List.copyOf(frames);
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a batch holds at least one frame");
        }
    }
}
