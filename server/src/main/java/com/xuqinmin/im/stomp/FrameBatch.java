package com.xuqinmin.im.stomp;

import com.xuqinmin.im.error.ImException;
import java.util.List;

/**
 * What one part of a WebSocket message decoded to: the complete frames and heart-beats it held and,
 * when the stream broke, the protocol error that ended it (frames before the error are still
 * delivered, so the connection handles them before it answers with ERROR or closes).
 */
public record FrameBatch(List<Frame> frames, int heartbeats, ImException error) {
}
