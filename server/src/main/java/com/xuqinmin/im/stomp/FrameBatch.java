package com.xuqinmin.im.stomp;

import java.util.List;

/** What one WebSocket message decoded to: zero or more complete frames and the heart-beats between them. */
public record FrameBatch(List<Frame> frames, int heartbeats) {

    /** The same, decoded from a binary message (a type of its own, so the endpoint has one handler per kind). */
    public record FromBinary(FrameBatch batch) {
    }
}
