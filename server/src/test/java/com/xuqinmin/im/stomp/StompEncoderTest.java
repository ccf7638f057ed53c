package com.xuqinmin.im.stomp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.websocket.EncodeException;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The encoder writes what STOMP 1.2 prescribes, and the parser reads it back unchanged. */
class StompEncoderTest {

    @Test
    void writes_command_headers_blank_line_body_and_nul() {
        Frame f = Frame.builder(Command.RECEIPT).header("receipt-id", "r-7").build();

        assertThat(text(f)).isEqualTo("RECEIPT\nreceipt-id:r-7\n\n\0");
    }

    @Test
    void escapes_backslash_lf_cr_and_colon_in_names_and_values() {
        Frame f = Frame.builder(Command.MESSAGE)
                .header("a:b\\c", "line1\nline2\r:end\\")
                .build();

        assertThat(text(f)).isEqualTo("MESSAGE\na\\cb\\\\c:line1\\nline2\\r\\cend\\\\\n\n\0");
    }

    @Test
    void connected_headers_are_not_escaped() {
        Frame f = Frame.builder(Command.CONNECTED)
                .header("version", "1.2")
                .header("server", "xuqm-im/1.0 a\\b")
                .header("session", "s:1")
                .build();

        assertThat(text(f)).isEqualTo("CONNECTED\nversion:1.2\nserver:xuqm-im/1.0 a\\b\nsession:s:1\n\n\0");
    }

    @Test
    void connect_headers_are_not_escaped() {
        Frame f = Frame.builder(Command.CONNECT).header("passcode", "a\\c:b").build();

        assertThat(text(f)).isEqualTo("CONNECT\npasscode:a\\c:b\n\n\0");
    }

    @Test
    void connect_and_connected_headers_that_cannot_be_written_raw_are_rejected() {
        for (Command c : List.of(Command.CONNECT, Command.CONNECTED)) {
            assertThatThrownBy(() -> StompEncoder.encode(Frame.builder(c).header("login", "a\nb").build()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> StompEncoder.encode(Frame.builder(c).header("login", "a\rb").build()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> StompEncoder.encode(Frame.builder(c).header("log:in", "x").build()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void headers_the_parser_would_reject_are_not_written() {
        assertThatThrownBy(() -> StompEncoder.encode(Frame.builder(Command.SEND).header("", "x").build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StompEncoder.encode(Frame.builder(Command.SEND).header("a", "x\0y").build()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void content_length_is_added_with_the_byte_length_of_multibyte_bodies() {
        Frame f = Frame.builder(Command.SEND).header("destination", "/a").body("\u4f60\u597d\ud83d\ude00").build();

        assertThat(text(f)).isEqualTo("SEND\ndestination:/a\ncontent-length:10\n\n\u4f60\u597d\ud83d\ude00\0");
    }

    @Test
    void no_content_length_is_added_for_an_empty_body() {
        Frame f = Frame.builder(Command.SEND).header("destination", "/a").build();

        assertThat(text(f)).isEqualTo("SEND\ndestination:/a\n\n\0");
    }

    @Test
    void existing_content_length_is_kept() {
        Frame f = Frame.builder(Command.MESSAGE)
                .header("content-length", "0003")
                .header("destination", "/a")
                .body("abc")
                .build();

        assertThat(text(f)).isEqualTo("MESSAGE\ncontent-length:0003\ndestination:/a\n\nabc\0");
    }

    @Test
    void a_content_length_that_contradicts_the_body_is_rejected() {
        Frame wrong = Frame.builder(Command.SEND).header("content-length", "2").body("abc").build();
        Frame notANumber = Frame.builder(Command.SEND).header("content-length", "three").body("abc").build();

        assertThatThrownBy(() -> StompEncoder.encode(wrong)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StompEncoder.encode(notANumber)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_body_on_a_command_that_forbids_one_is_rejected() {
        Frame f = Frame.builder(Command.RECEIPT).header("receipt-id", "1").body("x").build();

        assertThatThrownBy(() -> StompEncoder.encode(f)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unpaired_surrogates_become_question_marks_like_string_get_bytes() {
        Frame f = Frame.builder(Command.SEND).header("x", "a\ud800b\udc00").build();

        assertThat(text(f)).isEqualTo("SEND\nx:a?b?\n\n\0");
    }

    @Test
    void encode_text_is_the_utf8_reading_of_encode() {
        Frame f = Frame.builder(Command.ERROR).header("message", "\u9519\u8bef:x").body("\u00e9\n").build();

        assertThat(StompEncoder.encodeText(f)).isEqualTo(new String(StompEncoder.encode(f), UTF_8))
                .isEqualTo("ERROR\nmessage:\u9519\u8bef\\cx\ncontent-length:3\n\n\u00e9\n\0");
    }

    @Test
    void encode_text_rejects_a_body_that_is_not_utf8() {
        Frame f = Frame.builder(Command.MESSAGE).body(new byte[] {'a', (byte) 0xff}).build();

        assertThatThrownBy(() -> StompEncoder.encodeText(f)).isInstanceOf(IllegalArgumentException.class);
        assertThat(StompEncoder.encode(f)).endsWith(new byte[] {'\n', 'a', (byte) 0xff, 0});
    }

    @Test
    void a_heart_beat_is_one_lf() {
        assertThat(StompEncoder.HEARTBEAT).containsExactly('\n');
        assertThat(StompEncoder.HEARTBEAT_TEXT).isEqualTo("\n");
    }

    static Stream<Frame> tricky_frames() {
        return Stream.of(
                Frame.builder(Command.CONNECT).header("accept-version", "1.2").header("host", "h:1")
                        .header("passcode", "p\\a:s").build(),
                Frame.builder(Command.CONNECTED).header("version", "1.2").header("server", "s\\n").build(),
                Frame.builder(Command.SEND).header("destination", "/app/chat.send")
                        .header("we:ird\\name", "line\nbreak\r\n::\\\\c").header("empty", "")
                        .header("\u540d", "\u503c \ud83d\ude00").body("{\"a\":1}\n").build(),
                Frame.builder(Command.MESSAGE).header("content-length", "5").header("destination", "/a")
                        .body(new byte[] {0, 'a', 0, 0, 'b'}).build(),
                Frame.builder(Command.MESSAGE).header("destination", "/a").header("destination", "/b")
                        .body(new byte[] {'\n', 0, '\r'}).build(),
                Frame.builder(Command.ERROR).header("message", "bad: \\ frame").body("details").build(),
                Frame.builder(Command.DISCONNECT).header("receipt", "77").build(),
                Frame.builder(Command.ACK).build());
    }

    @ParameterizedTest
    @MethodSource("tricky_frames")
    void round_trip_gives_the_same_frame(Frame frame) {
        Frame expected = frame.body().length > 0 && frame.header("content-length") == null
                ? new Frame(frame.command(), frame.headers().with("content-length", "" + frame.body().length),
                        frame.body())
                : frame;

        assertThat(parse(StompEncoder.encode(frame))).isEqualTo(expected);
        RecordingSink sink = new RecordingSink();
        new StompParser(StompLimits.DEFAULT).feed(StompEncoder.encodeText(frame), sink);
        assertThat(sink.onlyFrame()).isEqualTo(expected);
    }

    @Test
    void frames_written_back_to_back_read_back_in_order() {
        List<Frame> frames = tricky_frames().toList();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Frame f : frames) {
            out.writeBytes(StompEncoder.encode(f));
            out.writeBytes(StompEncoder.HEARTBEAT);
        }
        RecordingSink sink = new RecordingSink();
        byte[] stream = out.toByteArray();

        new StompParser(StompLimits.DEFAULT).feed(stream, 0, stream.length, sink);

        assertThat(sink.frames()).extracting(Frame::command)
                .containsExactlyElementsOf(frames.stream().map(Frame::command).toList());
        assertThat(sink.events).hasSize(2 * frames.size());
    }

    @Test
    void a_batch_is_its_frames_in_order_in_one_text_message() throws Exception {
        List<Frame> frames = List.of(
                Frame.builder(Command.MESSAGE).header("destination", "/user/queue/messages").header("subscription", "s-1")
                        .header("message-id", "m-1").body("{\"content\":\"你好\"}".getBytes(UTF_8)).build(),
                Frame.builder(Command.MESSAGE).header("destination", "/topic/group/g:1").header("subscription", "s-2")
                        .header("message-id", "m-2").body("{}".getBytes(UTF_8)).build(),
                Frame.builder(Command.RECEIPT).header("receipt-id", "r-1").build());

        String text = new StompBatchEncoder().encode(new OutboundFrames(frames));

        StringBuilder oneByOne = new StringBuilder();
        for (Frame f : frames) {
            oneByOne.append(StompEncoder.encodeText(f));
        }
        assertThat(text).isEqualTo(oneByOne.toString());
        RecordingSink sink = new RecordingSink();
        new StompParser(StompLimits.DEFAULT).feed(text, sink);
        assertThat(sink.frames()).extracting(Frame::command)
                .containsExactly(Command.MESSAGE, Command.MESSAGE, Command.RECEIPT);
        assertThat(sink.frames()).extracting(f -> f.header("message-id")).containsExactly("m-1", "m-2", null);
        assertThat(new String(sink.frames().get(0).body(), UTF_8)).isEqualTo("{\"content\":\"你好\"}");
    }

    @Test
    void a_batch_with_a_frame_that_cannot_be_written_fails_as_a_whole() {
        OutboundFrames batch = new OutboundFrames(List.of(
                Frame.builder(Command.RECEIPT).header("receipt-id", "r-1").build(),
                Frame.builder(Command.RECEIPT).header("receipt-id", "r-2").body(new byte[] {1}).build()));

        assertThatThrownBy(() -> new StompBatchEncoder().encode(batch)).isInstanceOf(EncodeException.class);
        assertThatThrownBy(() -> new OutboundFrames(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<String> sharedBodies() {
        return Stream.of("{}", "{\"content\":\"你好 😀\"}", "{\"content\":\"a\\u0000b\"}", "lone \uD83D surrogate", "");
    }

    @ParameterizedTest
    @MethodSource("sharedBodies")
    void a_shared_message_reads_back_as_the_frame_the_encoder_writes(String body) {
        SharedMessage shared = new SharedMessage("/topic/group/g:1\\x", "application/json", body);
        for (boolean ack : new boolean[] {false, true}) {
            MessageCopy copy = shared.copy("sub:1\n", "c-1-7", ack);
            Frame.Builder b = Frame.builder(Command.MESSAGE).header("destination", "/topic/group/g:1\\x")
                    .header("subscription", "sub:1\n").header("message-id", "c-1-7")
                    .header("content-type", "application/json");
            if (ack) {
                b.header("ack", "c-1-7");
            }
            Frame expected = b.body(body.getBytes(UTF_8)).build();
            StringBuilder text = new StringBuilder();
            copy.appendText(text);

            assertThat(text.toString()).isEqualTo(StompEncoder.encodeText(expected));
            Frame read = parse(text.toString().getBytes(UTF_8));
            assertThat(read).isEqualTo(parse(StompEncoder.encode(expected)));
            assertThat(read.body()).isEqualTo(expected.body());
        }
    }

    @Test
    void a_batch_mixes_frames_and_shared_message_copies() throws Exception {
        SharedMessage shared = new SharedMessage("/user/queue/messages", "application/json", "{\"seq\":1}");
        OutboundFrames batch = new OutboundFrames(List.of(shared.copy("s-1", "m-1", false),
                Frame.builder(Command.RECEIPT).header("receipt-id", "r-1").build(), shared.copy("s-2", "m-2", true)));

        RecordingSink sink = new RecordingSink();
        new StompParser(StompLimits.DEFAULT).feed(new StompBatchEncoder().encode(batch), sink);

        assertThat(sink.frames()).extracting(Frame::command)
                .containsExactly(Command.MESSAGE, Command.RECEIPT, Command.MESSAGE);
        assertThat(sink.frames()).extracting(f -> f.header("subscription")).containsExactly("s-1", null, "s-2");
        assertThat(sink.frames()).extracting(f -> f.header("ack")).containsExactly(null, null, "m-2");
        assertThat(sink.frames().get(2).bodyText()).isEqualTo("{\"seq\":1}");
    }

    private static String text(Frame f) {
        return new String(StompEncoder.encode(f), UTF_8);
    }

    private static Frame parse(byte[] bytes) {
        RecordingSink sink = new RecordingSink();
        new StompParser(StompLimits.DEFAULT).feed(bytes, 0, bytes.length, sink);
        return sink.onlyFrame();
    }
}
