package com.xuqinmin.im.stomp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The parser against the rules of STOMP 1.2, one test per rule. */
class StompParserTest {

    static final String SEED_CONNECT = "CONNECT\n"
            + "accept-version:1.2\n"
            + "heart-beat:0,0\n"
            + "host:dev.xuqinmin.com\n"
            + "Authorization:Bearer {token}\n"
            + "\n"
            + "\0";
    static final String SEED_SUBSCRIBE = "SUBSCRIBE\n"
            + "id:sub-1\n"
            + "destination:/user/queue/messages\n"
            + "\n"
            + "\0";
    static final String SEED_SEND_BODY = "{\"appKey\":\"ak_demo_chat\",\"messageId\":\"...\",\"toId\":\"user_002\","
            + "\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\",\"content\":\"Hello\"}\n";
    static final String SEED_SEND = "SEND\n"
            + "destination:/app/chat.send\n"
            + "content-type:application/json\n"
            + "\n"
            + SEED_SEND_BODY
            + "\0";

    /** Frames, heart-beats, escapes, NUL in a body, CRLF and multi-byte characters, back to back. */
    static final byte[] MIXED_STREAM = concat(
            "\n\r\n",
            SEED_CONNECT,
            "\n",
            SEED_SUBSCRIBE,
            SEED_SEND,
            "\r\n\n",
            "MESSAGE\r\ndestination:/topic/group/g\\c1\r\nsubscription:s\\\\1\r\ncontent-length:5\r\n\r\na\0b\0c\0",
            "SEND\ndestination:/app/\u4f60\u597d\ncontent-type:text/plain;charset=utf-8\n\n\ud83d\ude00 caf\u00e9\0",
            "DISCONNECT\nreceipt:77\n\n\0\n");

    // ---- frame structure and line endings

    @Test
    void seed_connect_frame_parses() {
        Frame f = parseOne(SEED_CONNECT);

        assertThat(f.command()).isEqualTo(Command.CONNECT);
        assertThat(f.headers()).isEqualTo(Headers.of(
                "accept-version", "1.2",
                "heart-beat", "0,0",
                "host", "dev.xuqinmin.com",
                "Authorization", "Bearer {token}"));
        assertThat(f.body()).isEmpty();
    }

    @Test
    void seed_subscribe_frame_parses() {
        Frame f = parseOne(SEED_SUBSCRIBE);

        assertThat(f.command()).isEqualTo(Command.SUBSCRIBE);
        assertThat(f.headers()).isEqualTo(Headers.of("id", "sub-1", "destination", "/user/queue/messages"));
        assertThat(f.body()).isEmpty();
    }

    @Test
    void seed_send_frame_parses_with_the_lf_before_the_nul_in_its_body() {
        Frame f = parseOne(SEED_SEND);

        assertThat(f.command()).isEqualTo(Command.SEND);
        assertThat(f.headers()).isEqualTo(Headers.of(
                "destination", "/app/chat.send", "content-type", "application/json"));
        assertThat(f.bodyText()).isEqualTo(SEED_SEND_BODY).endsWith("}\n");
    }

    @Test
    void lf_and_crlf_line_endings_are_both_accepted() {
        Frame lf = parseOne("SEND\ndestination:/a\nreceipt:r1\n\nhi\0");
        Frame crlf = parseOne("SEND\r\ndestination:/a\r\nreceipt:r1\r\n\r\nhi\0");
        Frame mixed = parseOne("SEND\r\ndestination:/a\nreceipt:r1\r\n\nhi\0");

        assertThat(lf.headers()).isEqualTo(Headers.of("destination", "/a", "receipt", "r1"));
        assertThat(crlf).isEqualTo(lf);
        assertThat(mixed).isEqualTo(lf);
    }

    @Test
    void cr_not_followed_by_lf_is_rejected() {
        assertThat(errorOf("SEND\rX\n\n\0")).isEqualTo(ErrorCode.MALFORMED_FRAME);
        assertThat(errorOf("SEND\ndestination:/a\rb\n\n\0")).isEqualTo(ErrorCode.MALFORMED_FRAME);
        assertThat(errorOf("SEND\ndestination:/a\r\r\n\n\0")).isEqualTo(ErrorCode.MALFORMED_FRAME);
        assertThat(errorOf("\rSEND\n\n\0")).isEqualTo(ErrorCode.MALFORMED_FRAME);
    }

    @Test
    void several_frames_in_one_message() {
        List<Frame> frames = parse(SEED_CONNECT + SEED_SUBSCRIBE + SEED_SEND).frames();

        assertThat(frames).extracting(Frame::command)
                .containsExactly(Command.CONNECT, Command.SUBSCRIBE, Command.SEND);
        assertThat(frames.get(2).bodyText()).isEqualTo(SEED_SEND_BODY);
    }

    @Test
    void one_frame_split_across_messages_at_every_byte() {
        List<Object> whole = parse(MIXED_STREAM).events;
        assertThat(whole).hasSize(12);

        for (int i = 0; i <= MIXED_STREAM.length; i++) {
            assertThat(parseInPieces(MIXED_STREAM, i)).as("cut at %d", i).isEqualTo(whole);
        }
        int[] everyByte = new int[MIXED_STREAM.length];
        Arrays.setAll(everyByte, i -> i);
        assertThat(parseInPieces(MIXED_STREAM, everyByte)).isEqualTo(whole);
    }

    @Test
    void one_frame_split_across_messages_at_every_pair_of_places() {
        byte[] input = concat(SEED_SEND, "MESSAGE\r\na\\cb:c\\\\d\r\ncontent-length:3\r\n\r\n\0\u00e9\0\n");
        List<Object> whole = parse(input).events;

        for (int i = 0; i <= input.length; i++) {
            for (int j = i; j <= input.length; j++) {
                assertThat(parseInPieces(input, i, j)).as("cut at %d and %d", i, j).isEqualTo(whole);
            }
        }
    }

    @Test
    void heart_beats_between_frames_are_eols() {
        RecordingSink sink = parse("\n\r\n" + SEED_SUBSCRIBE + "\n\n" + SEED_SUBSCRIBE + "\r\n");

        assertThat(sink.events).hasSize(7);
        assertThat(sink.events.subList(0, 2)).containsOnly(RecordingSink.HEARTBEAT);
        assertThat(sink.events.get(2)).isInstanceOf(Frame.class);
        assertThat(sink.events.subList(3, 5)).containsOnly(RecordingSink.HEARTBEAT);
        assertThat(sink.events.get(5)).isInstanceOf(Frame.class);
        assertThat(sink.events.get(6)).isEqualTo(RecordingSink.HEARTBEAT);
    }

    @Test
    void a_crlf_heart_beat_split_between_messages_counts_once() {
        StompParser parser = new StompParser(StompLimits.DEFAULT);
        RecordingSink sink = new RecordingSink();

        parser.feed(bytes("\r"), 0, 1, sink);
        assertThat(sink.events).isEmpty();
        parser.feed(bytes("\n"), 0, 1, sink);

        assertThat(sink.events).containsExactly(RecordingSink.HEARTBEAT);
    }

    // ---- commands

    @Test
    void every_command_is_recognised() {
        for (Command c : Command.values()) {
            assertThat(parseOne(c.name() + "\n\n\0").command()).isEqualTo(c);
        }
    }

    @Test
    void unknown_command_is_fatal() {
        ImException e = errorFor("PUBLISH\ndestination:/a\n\n\0");

        assertThat(e.error()).isEqualTo(ErrorCode.UNKNOWN_COMMAND);
        assertThat(e.getMessage()).isEqualTo("unknown command PUBLISH");
    }

    @Test
    void a_command_line_longer_than_any_command_fails_without_waiting_for_its_end() {
        StompParser parser = new StompParser(StompLimits.DEFAULT);
        byte[] junk = bytes("GET /ws/im HTTP/1.1");

        assertThatThrownBy(() -> parser.feed(junk, 0, junk.length, new RecordingSink()))
                .isInstanceOfSatisfying(ImException.class,
                        e -> assertThat(e.error()).isEqualTo(ErrorCode.UNKNOWN_COMMAND));
    }

    @Test
    void command_is_case_sensitive() {
        assertThat(errorOf("send\ndestination:/a\n\n\0")).isEqualTo(ErrorCode.UNKNOWN_COMMAND);
        assertThat(errorOf("Connect\n\n\0")).isEqualTo(ErrorCode.UNKNOWN_COMMAND);
        assertThat(errorOf(" SEND\n\n\0")).isEqualTo(ErrorCode.UNKNOWN_COMMAND);
    }

    // ---- headers

    @Test
    void escapes_are_decoded_in_headers() {
        Frame f = parseOne("MESSAGE\ndestination:/a\\cb\nmulti\\nline:cr\\rlf\\nend\nback\\\\slash:x\\\\y\\c\n\n\0");

        assertThat(f.headers()).isEqualTo(Headers.of(
                "destination", "/a:b",
                "multi\nline", "cr\rlf\nend",
                "back\\slash", "x\\y:"));
    }

    @Test
    void escapes_split_across_messages_are_decoded() {
        byte[] input = bytes("SEND\ndestination:a\\cb\\\\\n\n\0");
        List<Object> whole = parse(input).events;

        for (int i = 0; i <= input.length; i++) {
            assertThat(parseInPieces(input, i)).as("cut at %d", i).isEqualTo(whole);
        }
        assertThat(((Frame) whole.get(0)).header("destination")).isEqualTo("a:b\\");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SEND\ndestination:a\\tb\n\n\0",
            "SEND\ndestination:ab\\\n\n\0",
            "SEND\ndesti\\xnation:ab\n\n\0",
            "SEND\ndestination\\:ab\n\n\0",
            "ERROR\nmessage:\\ \n\n\0",
            "SEND\ndestination:\\C\n\n\0"})
    void invalid_escape_is_fatal(String frame) {
        assertThat(errorOf(frame)).isEqualTo(ErrorCode.INVALID_ESCAPE);
    }

    @Test
    void invalid_escape_is_named_in_the_message() {
        assertThat(errorFor("SEND\ndestination:a\\tb\n\n\0").getMessage())
                .isEqualTo("invalid escape \\t in header value");
        assertThat(errorFor("SEND\nx\\\u00e9:b\n\n\0").getMessage())
                .isEqualTo("invalid escape \\xC3 in header name");
    }

    @Test
    void connect_headers_are_not_unescaped() {
        Frame connect = parseOne("CONNECT\nlogin:dom\\ain\\nuser\npasscode:a\\cb\\\\\n\n\0");
        Frame connected = parseOne("CONNECTED\nserver:x\\y\n\n\0");

        assertThat(connect.headers()).isEqualTo(Headers.of("login", "dom\\ain\\nuser", "passcode", "a\\cb\\\\"));
        assertThat(connected.header("server")).isEqualTo("x\\y");
    }

    @Test
    void stomp_frame_headers_are_unescaped_like_any_other() {
        assertThat(parseOne("STOMP\nlogin:a\\cb\n\n\0").header("login")).isEqualTo("a:b");
    }

    @Test
    void repeated_header_first_wins() {
        Frame f = parseOne("MESSAGE\nfoo:World\nfoo:Hello\ncontent-length:2\ncontent-length:5\n\nab\0");

        assertThat(f.header("foo")).isEqualTo("World");
        assertThat(f.headers().asList()).extracting(Headers.Header::value)
                .containsExactly("World", "Hello", "2", "5");
        assertThat(f.bodyText()).isEqualTo("ab");
    }

    @Test
    void a_repeated_invalid_content_length_is_ignored() {
        assertThat(parseOne("SEND\ncontent-length:1\ncontent-length:x\n\na\0").bodyText()).isEqualTo("a");
    }

    @Test
    void value_may_contain_colon() {
        Frame connect = parseOne("CONNECT\nhost:a:b::c\n\n\0");
        Frame send = parseOne("SEND\ndestination:/app:x\nempty:\n\n\0");

        assertThat(connect.header("host")).isEqualTo("a:b::c");
        assertThat(send.headers()).isEqualTo(Headers.of("destination", "/app:x", "empty", ""));
    }

    @Test
    void header_line_without_colon_is_rejected() {
        ImException e = errorFor("SEND\ndestination\n\n\0");

        assertThat(e.error()).isEqualTo(ErrorCode.MALFORMED_FRAME);
        assertThat(e.getMessage()).isEqualTo("header line without a colon");
    }

    @Test
    void empty_header_name_is_rejected() {
        assertThat(errorOf("SEND\n:value\n\n\0")).isEqualTo(ErrorCode.MALFORMED_FRAME);
    }

    @Test
    void nul_in_a_header_line_is_rejected() {
        // typically a frame that forgot the blank line: it must not swallow the next frame
        assertThat(errorOf("DISCONNECT\nreceipt:77\n\0DISCONNECT\n\n\0")).isEqualTo(ErrorCode.MALFORMED_FRAME);
    }

    @Test
    void headers_are_decoded_as_utf8() {
        Frame f = parseOne("SEND\n\u540d\u5b57:\u4f60\u597d \ud83d\ude00\n\n\0");

        assertThat(f.header("\u540d\u5b57")).isEqualTo("\u4f60\u597d \ud83d\ude00");
    }

    @Test
    void utf8_split_across_chunks() {
        byte[] input = bytes("SEND\ndestination:/\u4f60\u597d\ud83d\ude00\u00e9\n\n\u00e9\0");
        String expected = "/\u4f60\u597d\ud83d\ude00\u00e9";

        for (int i = 0; i <= input.length; i++) {
            RecordingSink sink = new RecordingSink();
            StompParser parser = new StompParser(StompLimits.DEFAULT);
            parser.feed(input, 0, i, sink);
            parser.feed(input, i, input.length - i, sink);

            Frame f = sink.onlyFrame();
            assertThat(f.header("destination")).as("cut at %d", i).isEqualTo(expected);
            assertThat(f.bodyText()).isEqualTo("\u00e9");
        }
    }

    // ---- bodies

    @Test
    void content_length_allows_nul_in_body() {
        Frame f = parseOne("SEND\ndestination:/a\ncontent-length:5\n\n\0a\0b\0\0");

        assertThat(f.body()).containsExactly(0, 'a', 0, 'b', 0);
    }

    @Test
    void content_length_zero_means_an_empty_body() {
        assertThat(parseOne("SEND\ncontent-length:0\n\n\0").body()).isEmpty();
        assertThat(parseOne("SUBSCRIBE\nid:1\ncontent-length:00\n\n\0").body()).isEmpty();
    }

    @Test
    void content_length_must_be_followed_by_nul() {
        ImException e = errorFor("SEND\ncontent-length:2\n\nabc\0");

        assertThat(e.error()).isEqualTo(ErrorCode.MALFORMED_FRAME);
        assertThat(e.getMessage()).isEqualTo("content-length bytes must be followed by NUL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "+1", " 1", "1 ", "0x10", "1.0", "abc", "12345678901", "\u0661"})
    void content_length_must_be_a_non_negative_integer(String value) {
        ImException e = errorFor("SEND\ncontent-length:" + value + "\n\n\0");

        assertThat(e.error()).isEqualTo(ErrorCode.MALFORMED_FRAME);
        assertThat(e.getMessage()).isEqualTo("content-length must be a non-negative integer");
    }

    @Test
    void body_without_content_length_ends_at_first_nul() {
        RecordingSink sink = parse("SEND\ndestination:/a\n\nab\0\n\0");

        // what follows the NUL is a heart-beat and then an unterminated frame, not more body
        assertThat(sink.onlyFrame().bodyText()).isEqualTo("ab");
        assertThat(sink.events.get(1)).isEqualTo(RecordingSink.HEARTBEAT);
        assertThat(errorOf("SEND\n\nab\0cd\0\n")).isEqualTo(ErrorCode.UNKNOWN_COMMAND);
    }

    @Test
    void body_on_frame_that_forbids_it_is_rejected() {
        assertThat(errorOf("SUBSCRIBE\nid:1\n\nx\0")).isEqualTo(ErrorCode.MALFORMED_FRAME);
        assertThat(errorOf("CONNECT\n\n\n\0")).isEqualTo(ErrorCode.MALFORMED_FRAME);
        assertThat(errorOf("ACK\nid:1\ncontent-length:1\n\nx\0")).isEqualTo(ErrorCode.MALFORMED_FRAME);
        assertThat(errorFor("DISCONNECT\n\nbye\0").getMessage()).isEqualTo("DISCONNECT frames must not have a body");
    }

    @Test
    void body_is_rejected_at_its_first_byte_when_the_frame_forbids_one() {
        StompParser parser = new StompParser(StompLimits.DEFAULT);
        byte[] start = bytes("UNSUBSCRIBE\nid:1\n\nx");

        assertThatThrownBy(() -> parser.feed(start, 0, start.length, new RecordingSink()))
                .isInstanceOfSatisfying(ImException.class,
                        e -> assertThat(e.error()).isEqualTo(ErrorCode.MALFORMED_FRAME));
    }

    // ---- limits

    @Test
    void frame_over_limit_is_rejected() {
        String frame = "SEND\ndestination:/a\n\n0123456789\0";
        int size = bytes(frame).length;

        assertThat(parseWith(new StompLimits(size, 64), frame).onlyFrame().bodyText()).isEqualTo("0123456789");
        assertThat(errorWith(new StompLimits(size - 1, 64), frame)).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
    }

    @Test
    void frame_over_limit_with_content_length_is_rejected() {
        String frame = "SEND\ncontent-length:3\n\nabc\0";
        int size = bytes(frame).length;

        assertThat(parseWith(new StompLimits(size, 64), frame).onlyFrame().bodyText()).isEqualTo("abc");
        assertThat(errorWith(new StompLimits(size - 1, 64), frame)).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
    }

    @Test
    void heart_beats_do_not_count_towards_the_frame_limit() {
        String frame = "SEND\n\nab\0";
        StompLimits exact = new StompLimits(bytes(frame).length, 64);

        assertThat(parseWith(exact, "\n\n\r\n" + frame + "\n\n" + frame).frames()).hasSize(2);
    }

    @Test
    void an_overlong_line_fails_as_soon_as_it_passes_the_limit() {
        StompParser parser = new StompParser(new StompLimits(100, 64));
        RecordingSink sink = new RecordingSink();
        byte[] start = bytes("SEND\ndestination:");
        parser.feed(start, 0, start.length, sink);
        byte[] more = new byte[70];
        Arrays.fill(more, (byte) 'a');
        parser.feed(more, 0, more.length, sink);

        assertThat(parser.retainedBytes()).isLessThanOrEqualTo(100);
        assertThatThrownBy(() -> parser.feed(more, 0, more.length, sink))
                .isInstanceOfSatisfying(ImException.class,
                        e -> assertThat(e.error()).isEqualTo(ErrorCode.FRAME_TOO_LARGE));
    }

    @Test
    void content_length_over_limit_is_rejected_before_reading() {
        StompParser parser = new StompParser(new StompLimits(1000, 64));
        // the body has not been sent yet: the announced length alone is too much
        byte[] headers = bytes("SEND\ndestination:/a\ncontent-length:990\n");

        ImException e = catchThrowableOfType(ImException.class,
                () -> parser.feed(headers, 0, headers.length, new RecordingSink()));

        assertThat(e.error()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
        assertThat(e.getMessage()).contains("content-length 990");
    }

    @Test
    void a_huge_content_length_is_rejected_without_allocating() {
        assertThat(errorOf("SEND\ncontent-length:9999999999\n\n\0")).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
        assertThat(errorOf("SEND\ncontent-length:2147483648\n\n\0")).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
    }

    @Test
    void too_many_headers_is_rejected() {
        StompLimits two = new StompLimits(65536, 2);

        assertThat(parseWith(two, "SEND\na:1\na:2\n\n\0").onlyFrame().headers().size()).isEqualTo(2);
        assertThat(errorWith(two, "SEND\na:1\na:2\na:3\n\n\0")).isEqualTo(ErrorCode.TOO_MANY_HEADERS);
        assertThat(errorWith(new StompLimits(65536, 0), "SEND\na:1\n\n\0")).isEqualTo(ErrorCode.TOO_MANY_HEADERS);
    }

    @Test
    void the_default_limits_are_64_kib_and_64_headers() {
        assertThat(StompLimits.DEFAULT).isEqualTo(new StompLimits(65536, 64));
        assertThatThrownBy(() -> new StompLimits(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StompLimits(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- state between feeds

    @Test
    void no_buffer_is_kept_between_frames() {
        StompParser parser = new StompParser(StompLimits.DEFAULT);
        RecordingSink sink = new RecordingSink();
        byte[] input = bytes("SEND\ndestination:/a\n\n" + "x".repeat(5000) + "\0SEND\ncontent-length:3\n\nab");

        parser.feed(input, 0, 30, sink);
        assertThat(parser.retainedBytes()).isPositive();
        parser.feed(input, 30, input.length - 30, sink);
        assertThat(parser.retainedBytes()).as("the second frame waits for its last bytes").isPositive();
        parser.feed(bytes("c\0"), 0, 2, sink);

        assertThat(sink.frames()).hasSize(2);
        assertThat(sink.frames().get(1).bodyText()).isEqualTo("abc");
        assertThat(parser.retainedBytes()).isZero();
    }

    @Test
    void failed_parser_stays_failed() {
        StompParser parser = new StompParser(StompLimits.DEFAULT);
        RecordingSink sink = new RecordingSink();
        byte[] bad = bytes("SEND\ndestination:a\\tb\n\n\0");
        byte[] good = bytes(SEED_SUBSCRIBE);

        assertThatThrownBy(() -> parser.feed(bad, 0, bad.length, sink)).isInstanceOf(ImException.class);

        ImException later = catchThrowableOfType(ImException.class, () -> parser.feed(good, 0, good.length, sink));
        assertThat(later.error()).isEqualTo(ErrorCode.INVALID_ESCAPE);
        assertThat(later.getMessage()).isEqualTo("parser failed earlier");
        assertThatThrownBy(() -> parser.feed(good, 0, 0, sink)).isInstanceOf(ImException.class);
        assertThatThrownBy(() -> parser.feed("\n", sink)).isInstanceOf(ImException.class);
        assertThat(sink.events).isEmpty();
    }

    @Test
    void frames_before_the_error_in_the_same_message_are_delivered() {
        StompParser parser = new StompParser(StompLimits.DEFAULT);
        RecordingSink sink = new RecordingSink();

        assertThatThrownBy(() -> parser.feed(SEED_SUBSCRIBE + "\nBOGUS\n\n\0", sink)).isInstanceOf(ImException.class);

        assertThat(sink.events).hasSize(2);
        assertThat(sink.onlyFrame().command()).isEqualTo(Command.SUBSCRIBE);
    }

    @Test
    void an_exception_from_the_sink_fails_the_parser() {
        StompParser parser = new StompParser(StompLimits.DEFAULT);
        StompParser.Sink throwing = new StompParser.Sink() {
            @Override
            public void onFrame(Frame frame) {
                throw new IllegalStateException("not connected");
            }

            @Override
            public void onHeartbeat() {
            }
        };

        assertThatThrownBy(() -> parser.feed(SEED_SUBSCRIBE, throwing)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> parser.feed(SEED_SUBSCRIBE, new RecordingSink()))
                .isInstanceOfSatisfying(ImException.class,
                        e -> assertThat(e.error()).isEqualTo(ErrorCode.MALFORMED_FRAME));
    }

    // ---- the three ways to feed

    @Test
    void text_and_binary_feeds_agree() {
        String text = new String(MIXED_STREAM, UTF_8);
        List<Object> expected = parse(MIXED_STREAM).events;

        assertThat(feedText(text)).isEqualTo(expected);
        assertThat(feedText(new StringBuilder(text))).isEqualTo(expected);
        assertThat(feedBuffer(ByteBuffer.wrap(MIXED_STREAM))).isEqualTo(expected);
        assertThat(feedBuffer(ByteBuffer.wrap(MIXED_STREAM).asReadOnlyBuffer())).isEqualTo(expected);
        ByteBuffer direct = ByteBuffer.allocateDirect(MIXED_STREAM.length);
        direct.put(MIXED_STREAM).flip();
        assertThat(feedBuffer(direct)).isEqualTo(expected);
        assertThat(direct.hasRemaining()).isFalse();
    }

    @Test
    void a_long_text_is_fed_whole() {
        String body = "\u4f60".repeat(20_000);
        String frame = "SEND\ndestination:/a\n\n" + body + "\0";
        StompParser parser = new StompParser(new StompLimits(1 << 20, 64));
        RecordingSink sink = new RecordingSink();

        parser.feed(new StringBuilder(frame), sink);

        assertThat(sink.onlyFrame().bodyText()).isEqualTo(body);
    }

    @Test
    void a_byte_buffer_slice_is_read_from_its_position() {
        byte[] padded = concat("garbage", SEED_SUBSCRIBE, "more garbage");
        ByteBuffer slice = ByteBuffer.wrap(padded, 7, SEED_SUBSCRIBE.length()).slice();
        StompParser parser = new StompParser(StompLimits.DEFAULT);
        RecordingSink sink = new RecordingSink();

        parser.feed(slice, sink);

        assertThat(sink.onlyFrame().command()).isEqualTo(Command.SUBSCRIBE);
    }

    @Test
    void unpaired_surrogates_in_text_become_question_marks_as_string_get_bytes_does() {
        String text = "SEND\ndestination:a\ud800b\n\n\udc00\0";

        RecordingSink fromString = new RecordingSink();
        new StompParser(StompLimits.DEFAULT).feed(text, fromString);
        RecordingSink fromBuilder = new RecordingSink();
        new StompParser(StompLimits.DEFAULT).feed(new StringBuilder(text), fromBuilder);

        assertThat(fromString.onlyFrame().header("destination")).isEqualTo("a?b");
        assertThat(fromString.onlyFrame().bodyText()).isEqualTo("?");
        assertThat(fromBuilder.events).isEqualTo(fromString.events);
    }

    // ---- helpers

    static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    static byte[] concat(String... parts) {
        return bytes(String.join("", parts));
    }

    static RecordingSink parse(String input) {
        return parse(bytes(input));
    }

    static RecordingSink parse(byte[] input) {
        RecordingSink sink = new RecordingSink();
        new StompParser(StompLimits.DEFAULT).feed(input, 0, input.length, sink);
        return sink;
    }

    static Frame parseOne(String input) {
        return parse(input).onlyFrame();
    }

    static RecordingSink parseWith(StompLimits limits, String input) {
        RecordingSink sink = new RecordingSink();
        byte[] b = bytes(input);
        new StompParser(limits).feed(b, 0, b.length, sink);
        return sink;
    }

    /** Feeds the input cut at the given places (ascending) and answers what the parser reported. */
    static List<Object> parseInPieces(byte[] input, int... cuts) {
        StompParser parser = new StompParser(StompLimits.DEFAULT);
        RecordingSink sink = new RecordingSink();
        int from = 0;
        for (int cut : cuts) {
            parser.feed(input, from, cut - from, sink);
            from = cut;
        }
        parser.feed(input, from, input.length - from, sink);
        return sink.events;
    }

    static ImException errorFor(String input) {
        return errorFor(StompLimits.DEFAULT, input);
    }

    static ImException errorFor(StompLimits limits, String input) {
        byte[] b = bytes(input);
        ImException e = catchThrowableOfType(ImException.class,
                () -> new StompParser(limits).feed(b, 0, b.length, new RecordingSink()));
        if (e == null) {
            throw new AssertionError("no error for " + input.replace("\0", "\\0"));
        }
        // the same error however the input is cut
        ImException bytewise = catchThrowableOfType(ImException.class, () -> {
            StompParser parser = new StompParser(limits);
            RecordingSink sink = new RecordingSink();
            for (int i = 0; i < b.length; i++) {
                parser.feed(b, i, 1, sink);
            }
        });
        assertThat(bytewise).as("fed byte by byte").isNotNull();
        assertThat(bytewise.error()).isEqualTo(e.error());
        assertThat(bytewise.getMessage()).isEqualTo(e.getMessage());
        return e;
    }

    static ErrorCode errorOf(String input) {
        return errorFor(input).error();
    }

    static ErrorCode errorWith(StompLimits limits, String input) {
        return errorFor(limits, input).error();
    }

    private static List<Object> feedText(CharSequence text) {
        RecordingSink sink = new RecordingSink();
        new StompParser(StompLimits.DEFAULT).feed(text, sink);
        return sink.events;
    }

    private static List<Object> feedBuffer(ByteBuffer buffer) {
        RecordingSink sink = new RecordingSink();
        new StompParser(StompLimits.DEFAULT).feed(buffer, sink);
        return sink.events;
    }
}
