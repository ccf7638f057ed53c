package com.xuqinmin.im.stomp;

import java.util.ArrayList;
import java.util.List;

/** Records what a parser reports, frames and heart-beats in one list, so tests can compare runs. */
final class RecordingSink implements StompParser.Sink {

    /** Stands for one heart-beat in {@link #events}. */
    static final String HEARTBEAT = "<heart-beat>";

    final List<Object> events = new ArrayList<>();

    @Override
    public void onFrame(Frame frame) {
        events.add(frame);
    }

    @Override
    public void onHeartbeat() {
        events.add(HEARTBEAT);
    }

    List<Frame> frames() {
        return events.stream().filter(Frame.class::isInstance).map(Frame.class::cast).toList();
    }

    Frame onlyFrame() {
        List<Frame> frames = frames();
        if (frames.size() != 1) {
            throw new AssertionError("expected one frame, got " + events);
        }
        return frames.get(0);
    }
}
