package com.xuqinmin.im.stomp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.error.ErrorCode;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The decoder's count of each WebSocket message: the limit is the most bytes a message may have. */
class StompDecoderTest {

    private static final int LIMIT = 100;
    private static final String SUBSCRIBE = "SUBSCRIBE\nid:s1\ndestination:/user/queue/messages\n\n\0";

    private static StompDecoder decoder() {
        return new StompDecoder(StompLimits.DEFAULT, LIMIT, LIMIT);
    }

    @Test
    void a_message_of_exactly_the_limit_in_parts_is_decoded() {
        StompDecoder d = decoder();
        String message = "\n".repeat(LIMIT - SUBSCRIBE.length()) + SUBSCRIBE;
        FrameBatch first = d.text(message.substring(0, 60), false);
        FrameBatch rest = d.text(message.substring(60), true);
        assertThat(first.error()).isNull();
        assertThat(first.heartbeats()).isEqualTo(LIMIT - SUBSCRIBE.length());
        assertThat(rest.error()).isNull();
        assertThat(rest.frames()).extracting(Frame::command).containsExactly(Command.SUBSCRIBE);
    }

    @Test
    void the_part_that_passes_the_limit_is_refused_and_not_parsed() {
        StompDecoder d = decoder();
        assertThat(d.text("\n".repeat(30), false).error()).isNull();
        // with the 30 already counted: one byte over the limit
        FrameBatch over = d.text("\n".repeat(LIMIT - 30 - SUBSCRIBE.length() + 1) + SUBSCRIBE, true);
        assertThat(over.error().error()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
        assertThat(over.frames()).isEmpty();
        assertThat(over.heartbeats()).isZero();
    }

    @Test
    void the_count_starts_again_with_each_message() {
        StompDecoder d = decoder();
        for (int i = 0; i < 50; i++) {
            assertThat(d.text("\n".repeat(LIMIT / 2), false).error()).isNull();
            assertThat(d.text("\n".repeat(LIMIT / 2), true).error()).isNull();
        }
        assertThat(d.binary(ByteBuffer.wrap(SUBSCRIBE.getBytes(UTF_8)), true).frames()).hasSize(1);
    }

    @Test
    void text_is_counted_in_utf8_bytes() {
        StompDecoder d = decoder();
        // 34 three-byte characters: 102 bytes, though only 34 chars
        FrameBatch b = d.text("中".repeat(34), true);
        assertThat(b.error().error()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
    }

    @Test
    void binary_messages_have_their_own_limit() {
        StompDecoder d = new StompDecoder(StompLimits.DEFAULT, LIMIT, 2 * LIMIT);
        assertThat(d.binary(ByteBuffer.wrap("\n".repeat(2 * LIMIT).getBytes(UTF_8)), true).error()).isNull();
        assertThat(d.text("\n".repeat(LIMIT + 1), true).error().error()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
    }

    @Test
    void after_an_error_every_part_is_refused_with_it() {
        StompDecoder d = decoder();
        FrameBatch bad = d.text("NONSENSE\n\n\0", true);
        assertThat(bad.error().error()).isEqualTo(ErrorCode.UNKNOWN_COMMAND);
        FrameBatch later = d.text(SUBSCRIBE, true);
        assertThat(later.frames()).isEmpty();
        assertThat(later.error()).isSameAs(bad.error());

        StompDecoder big = decoder();
        big.text("\n".repeat(LIMIT + 1), true);
        assertThat(big.text(SUBSCRIBE, true).error().error()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
    }

    @Test
    void frames_before_a_protocol_error_in_the_same_part_are_returned_with_it() {
        FrameBatch b = decoder().text(SUBSCRIBE + "NONSENSE\n\n\0", true);
        assertThat(b.frames()).hasSize(1);
        assertThat(b.error().error()).isEqualTo(ErrorCode.UNKNOWN_COMMAND);
    }

    @Test
    void a_frame_split_over_parts_and_messages_is_completed() {
        StompDecoder d = decoder();
        assertThat(d.text(SUBSCRIBE.substring(0, 10), false).frames()).isEmpty();
        assertThat(d.binary(ByteBuffer.wrap(SUBSCRIBE.substring(10, 20).getBytes(UTF_8)), true).frames()).isEmpty();
        assertThat(d.text(SUBSCRIBE.substring(20), true).frames()).hasSize(1);
    }
}
