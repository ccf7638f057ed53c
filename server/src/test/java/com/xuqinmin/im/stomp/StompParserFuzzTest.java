package com.xuqinmin.im.stomp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Feeds arbitrary bytes, cut at arbitrary places, to the parser. Under plain {@code mvn test} this
 * runs the inputs in {@code StompParserFuzzTestInputs/}; with {@code JAZZER_FUZZ=1} it fuzzes.
 *
 * <p>Input layout (what {@link FuzzedDataProvider} consumes): the last two bytes pick the frame
 * limit, the byte before them the header limit, the eight before those how to cut the stream; all
 * the rest is the stream.
 */
class StompParserFuzzTest {

    private static final StompLimits UNLIMITED = new StompLimits(Integer.MAX_VALUE, Integer.MAX_VALUE);

    @FuzzTest(maxDuration = "10m")
    void parse_any_bytes_in_any_chunks(FuzzedDataProvider data) {
        StompLimits limits = new StompLimits(data.consumeInt(1, 2048), data.consumeInt(0, 32));
        long cutting = data.consumeLong();
        byte[] stream = data.consumeRemainingAsBytes();

        Run byteByByte = Run.byteByByte(limits, stream);
        Run chunked = Run.chunked(limits, stream, new SplittableRandom(cutting));
        Run whole = Run.chunked(limits, stream, null);

        // how the stream is cut changes nothing: same frames, heart-beats and first error
        assertThat(chunked.events).isEqualTo(byteByByte.events);
        assertThat(chunked.error).isEqualTo(byteByByte.error);
        assertThat(whole.events).isEqualTo(byteByByte.events);
        assertThat(whole.error).isEqualTo(byteByByte.error);

        for (int i = 0; i < byteByByte.frames.size(); i++) {
            Frame frame = byteByByte.frames.get(i);
            assertThat(byteByByte.frameSizes.get(i)).isLessThanOrEqualTo(limits.maxFrameBytes());
            assertThat(frame.headers().size()).isLessThanOrEqualTo(limits.maxHeaders());
            assertThat(reparse(StompEncoder.encode(frame))).isEqualTo(withAddedContentLength(frame));
        }
    }

    /** The encoder adds a content-length to a non-empty body that came without one. */
    private static Frame withAddedContentLength(Frame frame) {
        if (frame.body().length == 0 || frame.header("content-length") != null) {
            return frame;
        }
        return new Frame(frame.command(), frame.headers().with("content-length", Integer.toString(frame.body().length)),
                frame.body());
    }

    private static Frame reparse(byte[] encoded) {
        RecordingSink sink = new RecordingSink();
        new StompParser(UNLIMITED).feed(encoded, 0, encoded.length, sink);
        return sink.onlyFrame();
    }

    /** What one parser reported for one way of cutting the stream. */
    private static final class Run implements StompParser.Sink {
        final List<Object> events = new ArrayList<>();
        final List<Frame> frames = new ArrayList<>();
        final List<Integer> frameSizes = new ArrayList<>();
        ErrorCode error;

        private int position;
        private int lastEventEnd;

        static Run byteByByte(StompLimits limits, byte[] stream) {
            Run run = new Run();
            StompParser parser = new StompParser(limits);
            try {
                for (int i = 0; i < stream.length; i++) {
                    run.position = i;
                    parser.feed(stream, i, 1, run);
                }
            } catch (ImException e) {
                run.failed(e, parser);
            }
            return run;
        }

        /** Cuts at random places when given a random source, else feeds the stream whole. */
        static Run chunked(StompLimits limits, byte[] stream, SplittableRandom random) {
            Run run = new Run();
            StompParser parser = new StompParser(limits);
            try {
                int off = 0;
                do {
                    int left = stream.length - off;
                    int n = random == null ? left
                            : random.nextInt(4) == 0 ? random.nextInt(left + 1) : Math.min(left, 1 + random.nextInt(8));
                    parser.feed(stream, off, n, run);
                    off += n;
                } while (off < stream.length);
            } catch (ImException e) {
                run.failed(e, parser);
            }
            return run;
        }

        private void failed(ImException e, StompParser parser) {
            error = e.error();
            try {
                parser.feed(new byte[] {'\n'}, 0, 1, this);
                throw new AssertionError("a failed parser accepted more input");
            } catch (ImException expected) {
                assertThat(expected.error()).isEqualTo(error);
            }
        }

        @Override
        public void onFrame(Frame frame) {
            events.add(frame);
            frames.add(frame);
            // only meaningful byte by byte, where the position is the frame's NUL
            frameSizes.add(position + 1 - lastEventEnd);
            lastEventEnd = position + 1;
        }

        @Override
        public void onHeartbeat() {
            events.add(RecordingSink.HEARTBEAT);
            lastEventEnd = position + 1;
        }
    }
}
