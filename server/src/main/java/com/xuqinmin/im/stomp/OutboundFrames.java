package com.xuqinmin.im.stomp;

import java.util.List;

/**
 * Several frames the server writes as one WebSocket message, one after the other (STOMP reads a
 * connection as a stream of frames, so a client splits them at their NUL bytes, as
 * {@code @stomp/stompjs} does). The server batches the frames that queued up for a connection while
 * its previous write was in flight, so a busy connection costs one write per batch, not per frame.
 * The frames are {@link Frame}s or {@link MessageCopy}s of a message encoded once for many sessions.
 */
public record OutboundFrames(List<? extends OutboundFrame> frames) {

    public OutboundFrames {
        frames = List.copyOf(frames);
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a batch holds at least one frame");
        }
    }

    /** About how many characters the batch takes as text. */
    public int textLength() {
        int n = 0;
        for (OutboundFrame f : frames) {
            n += f.textLength();
        }
        return n;
    }
}
