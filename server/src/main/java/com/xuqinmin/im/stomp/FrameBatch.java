package com.xuqinmin.im.stomp;

import com.xuqinmin.im.error.ImException;
import java.util.List;

/**
 * What one WebSocket message decoded to: the complete frames and heart-beats it held and, when the
 * stream broke, the protocol error that ended it (frames before the error are still delivered,
 * so the connection handles them before it answers with ERROR).
 */
public record FrameBatch(List<Frame> frames, int heartbeats, ImException error) {

    /** The same, decoded from a binary message (a type of its own, so the endpoint has one handler per kind). */
    public record FromBinary(FrameBatch batch) {
    }
}
