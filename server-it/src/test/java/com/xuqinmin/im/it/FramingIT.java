package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The STOMP 1.2 framing rules of PROTOCOL.md §2 as a client on a real socket sees them: how frames
 * may be cut into or packed in WebSocket messages, line endings, escapes, content-length,
 * heart-beats, the frame limits, and what a protocol error does (ERROR, then close) compared with an
 * application-level rejection (a MESSAGE on /user/queue/errors, the session stays open).
 */
class FramingIT {

    private static final String MESSAGES = "/user/queue/messages";
    private static final String ERRORS = "/user/queue/errors";

    private static String importedUser(String prefix) {
        String u = ItEnv.uid(prefix);
        Admin.importUsers(u);
        return u;
    }

    private static String connectFrame(String user, String heartBeat) {
        return "CONNECT\naccept-version:1.2\nheart-beat:" + heartBeat + "\nhost:localhost\nAuthorization:Bearer "
                + ItEnv.userSig(user) + "\n\n\0";
    }

    private static String chatBody(String toId, String content, String messageId) {
        return "{\"appKey\":\"" + ItEnv.APP_KEY + "\",\"messageId\":\"" + messageId + "\",\"toId\":\"" + toId
                + "\",\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\",\"content\":\"" + content + "\"}";
    }

    private static String sendFrame(String toId, String content, String messageId, String receipt) {
        return "SEND\ndestination:/app/chat.send\ncontent-type:application/json\nreceipt:" + receipt + "\n\n"
                + chatBody(toId, content, messageId) + "\0";
    }

    /** ERROR with this error name, then the socket closes. */
    private static Frame assertErrorThenClose(StompClient c, String error) {
        Frame f = c.awaitError();
        assertThat(f.header("error")).as("%s %s", f, f.bodyText()).isEqualTo(error);
        assertThat(f.header("message")).isNotBlank();
        assertThat(f.header("code")).matches("\\d{3}");
        c.awaitClose();
        return f;
    }

    /** Proves the session is alive and in order: a SUBSCRIBE with a receipt gets its RECEIPT. */
    private static void assertStillServing(StompClient c) {
        c.subscribe(ItEnv.uid("probe"), MESSAGES);
        assertThat(c.isClosed()).isFalse();
    }

    // ------------------------------------------------------------------ how frames travel in messages

    @Test
    void several_frames_in_one_websocket_message_are_all_handled_in_order() {
        String alice = importedUser("alice");
        String bob = importedUser("bob");
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob));
             StompClient a = StompClient.open(null)) {
            b.subscribe("s1", MESSAGES);
            a.sendText(connectFrame(alice, "0,0")
                    + "SUBSCRIBE\nid:s1\ndestination:" + MESSAGES + "\nreceipt:r-sub\n\n\0"
                    + sendFrame(bob, "packed", ItEnv.uid("m"), "r-send"));
            assertThat(a.next().command()).isEqualTo(Command.CONNECTED);
            assertThat(a.next().header("receipt-id")).isEqualTo("r-sub");
            assertThat(a.next().header("receipt-id")).isEqualTo("r-send");
            assertThat(b.awaitMessage(MESSAGES).getString("content")).isEqualTo("packed");
        }
    }

    @Test
    void a_frame_split_inside_its_command_is_reassembled() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.sendText("SUBSC");
            a.sendText("RIBE\nid:s1\ndestination:" + MESSAGES + "\nreceipt:r-split\n\n\0");
            a.awaitReceipt("r-split");
        }
    }

    @Test
    void a_frame_split_inside_a_header_is_reassembled() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.sendText("SUBSCRIBE\nid:s1\ndestination:/user/qu");
            a.sendText("eue/messages\nrece");
            a.sendText("ipt:r-split\n\n\0");
            a.awaitReceipt("r-split");
        }
    }

    @Test
    void a_frame_split_inside_its_body_is_reassembled() {
        String alice = importedUser("alice");
        String bob = importedUser("bob");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            b.subscribe("s1", MESSAGES);
            String frame = sendFrame(bob, "split body", ItEnv.uid("m"), "r-split");
            int cut = frame.indexOf("split body") + 5;
            a.sendText(frame.substring(0, cut));
            a.sendText(frame.substring(cut));
            a.awaitReceipt("r-split");
            assertThat(b.awaitMessage(MESSAGES).getString("content")).isEqualTo("split body");
        }
    }

    @Test
    void a_frame_sent_one_byte_per_message_is_reassembled() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            String frame = "SUBSCRIBE\nid:s1\ndestination:" + MESSAGES + "\nreceipt:r-bytes\n\n\0";
            for (int i = 0; i < frame.length(); i++) {
                a.sendText(frame.substring(i, i + 1));
            }
            a.awaitReceipt("r-bytes");
        }
    }

    @Test
    void binary_websocket_messages_carry_frames_like_text_ones() {
        String alice = importedUser("alice");
        String bob = importedUser("bob");
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob));
             StompClient a = StompClient.open(null)) {
            b.subscribe("s1", MESSAGES);
            a.sendBinary(connectFrame(alice, "0,0").getBytes(StandardCharsets.UTF_8));
            assertThat(a.next().command()).isEqualTo(Command.CONNECTED);
            a.sendBinary(("SUBSCRIBE\nid:s1\ndestination:" + MESSAGES + "\nreceipt:r-sub\n\n\0")
                    .getBytes(StandardCharsets.UTF_8));
            a.awaitReceipt("r-sub");
            a.sendBinary(sendFrame(bob, "二进制 ✓", ItEnv.uid("m"), "r-send").getBytes(StandardCharsets.UTF_8));
            a.awaitReceipt("r-send");
            assertThat(b.awaitMessage(MESSAGES).getString("content")).isEqualTo("二进制 ✓");
        }
    }

    @Test
    void crlf_line_endings_are_accepted() {
        String alice = importedUser("alice");
        String bob = importedUser("bob");
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob));
             StompClient a = StompClient.open(null)) {
            b.subscribe("s1", MESSAGES);
            a.sendText(connectFrame(alice, "0,0").replace("\n", "\r\n"));
            assertThat(a.next().command()).isEqualTo(Command.CONNECTED);
            a.sendText("SUBSCRIBE\r\nid:s1\r\ndestination:" + MESSAGES + "\r\nreceipt:r-sub\r\n\r\n\0");
            a.awaitReceipt("r-sub");
            a.sendText("SEND\r\ndestination:/app/chat.send\r\ncontent-type:application/json\r\nreceipt:r-send\r\n\r\n"
                    + chatBody(bob, "crlf", ItEnv.uid("m")) + "\0");
            a.awaitReceipt("r-send");
            assertThat(b.awaitMessage(MESSAGES).getString("content")).isEqualTo("crlf");
        }
    }

    @Test
    void eol_heartbeats_between_frames_are_accepted() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.open(null)) {
            a.sendText("\n\r\n" + connectFrame(alice, "0,0") + "\n\n");
            assertThat(a.next().command()).isEqualTo(Command.CONNECTED);
            a.sendText("\n");
            a.sendText("\r\n");
            a.sendText("\nSUBSCRIBE\nid:s1\ndestination:" + MESSAGES + "\nreceipt:r-1\n\n\0\r\n\n"
                    + "SUBSCRIBE\nid:s2\ndestination:" + ERRORS + "\nreceipt:r-2\n\n\0\n");
            a.awaitReceipt("r-1");
            a.awaitReceipt("r-2");
        }
    }

    @Test
    void a_repeated_header_takes_its_first_value() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.sendText("SUBSCRIBE\nid:s1\ndestination:" + MESSAGES + "\ndestination:/topic/unknown\nreceipt:r-first\n"
                    + "receipt:r-second\n\n\0");
            a.awaitReceipt("r-first");
            assertStillServing(a);
        }
    }

    // ------------------------------------------------------------------ escapes and content-length

    @Test
    void header_escapes_are_decoded_and_the_receipt_id_is_escaped_back() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            // on the wire: r\c1\\x\ny  means  r:1\x<LF>y
            a.sendText("SUBSCRIBE\nid:s1\ndestination:" + MESSAGES + "\nreceipt:r\\c1\\\\x\\ny\n\n\0");
            Frame r = a.await(f -> f.command() == Command.RECEIPT);
            assertThat(r.header("receipt-id")).isEqualTo("r:1\\x\ny");
            assertThat(a.raw()).contains("RECEIPT\nreceipt-id:r\\c1\\\\x\\ny\n\n\0");
        }
    }

    @Test
    void an_escaped_colon_in_a_send_receipt_comes_back_escaped() {
        String alice = importedUser("alice");
        String bob = importedUser("bob");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.sendText(sendFrame(bob, "escaped", ItEnv.uid("m"), "send\\c1"));
            Frame r = a.awaitReceipt("send:1");
            assertThat(r.header("im-message-id")).isNotBlank();
            assertThat(a.raw()).anyMatch(m -> m.startsWith("RECEIPT\nreceipt-id:send\\c1\n"));
        }
    }

    @Test
    void an_invalid_escape_gets_error_invalid_escape_and_close() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.sendText("SUBSCRIBE\nid:s\\t1\ndestination:" + MESSAGES + "\nreceipt:r-1\n\n\0");
            assertErrorThenClose(a, "INVALID_ESCAPE");
            assertThat(a.raw()).noneMatch(m -> m.startsWith("RECEIPT"));
        }
    }

    @Test
    void content_length_is_honoured_when_the_body_contains_a_nul() {
        String alice = importedUser("alice");
        String bob = importedUser("bob");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.subscribe("e", ERRORS);
            byte[] body = chatBody(bob, "a\0b", ItEnv.uid("m")).getBytes(StandardCharsets.UTF_8);
            // a second frame in the same message: if the NUL ended the first frame, the rest would be garbage
            a.sendText("SEND\ndestination:/app/chat.send\ncontent-type:application/json\nreceipt:r-nul\ncontent-length:"
                    + body.length + "\n\n" + new String(body, StandardCharsets.UTF_8) + "\0"
                    + sendFrame(bob, "after the nul", ItEnv.uid("m"), "r-after"));
            JsonObject rejection = a.awaitMessage(ERRORS);
            assertThat(rejection.getString("error")).isEqualTo("VALIDATION_FAILED");
            assertThat(rejection.getString("receiptId")).isEqualTo("r-nul");
            a.awaitReceipt("r-after");
            assertStillServing(a);
        }
    }

    @Test
    void a_content_length_that_does_not_end_at_the_nul_gets_error_malformed_frame_and_close() {
        String alice = importedUser("alice");
        String bob = importedUser("bob");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            String body = chatBody(bob, "short", ItEnv.uid("m"));
            a.sendText("SEND\ndestination:/app/chat.send\ncontent-type:application/json\nreceipt:r-1\ncontent-length:"
                    + (body.length() - 2) + "\n\n" + body + "\0");
            assertErrorThenClose(a, "MALFORMED_FRAME");
            assertThat(a.raw()).noneMatch(m -> m.startsWith("RECEIPT"));
        }
    }

    // ------------------------------------------------------------------ heart-beats

    @Test
    void a_client_asking_for_heartbeats_gets_the_servers_and_receives_eols() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.open(null)) {
            a.sendText(connectFrame(alice, "1000,1000"));
            Frame connected = a.next();
            assertThat(connected.command()).isEqualTo(Command.CONNECTED);
            assertThat(connected.header("heart-beat")).isEqualTo("1000,1000");
            a.sendHeartbeatsEvery(Duration.ofMillis(500));
            await().atMost(Duration.ofSeconds(3)).until(() -> a.heartbeats() >= 2);
        }
    }

    @Test
    void a_client_that_sends_heartbeats_is_kept_open() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.open(null)) {
            a.sendText(connectFrame(alice, "1000,1000"));
            assertThat(a.next().command()).isEqualTo(Command.CONNECTED);
            a.sendHeartbeatsEvery(Duration.ofMillis(500));
            a.expectNone(f -> f.command() == Command.ERROR, Duration.ofSeconds(4));
            assertStillServing(a);
        }
    }

    @Test
    void the_seed_heartbeat_0_0_gets_no_heartbeats_and_stays_open() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.open(null)) {
            a.sendText(connectFrame(alice, "0,0"));
            assertThat(a.next().command()).isEqualTo(Command.CONNECTED);
            a.expectNone(f -> true, Duration.ofMillis(3500));
            assertThat(a.heartbeats()).isZero();
            assertThat(a.isClosed()).isFalse();
            assertStillServing(a);
        }
    }

    @Test
    void a_client_asking_only_to_receive_heartbeats_gets_them_and_may_stay_silent() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.open(null)) {
            a.sendText(connectFrame(alice, "0,1000"));
            assertThat(a.next().command()).isEqualTo(Command.CONNECTED);
            // three beats take longer than twice the interval: the silent client must not be dropped
            await().atMost(Duration.ofSeconds(5)).until(() -> a.heartbeats() >= 3);
            assertThat(a.isClosed()).isFalse();
            assertStillServing(a);
        }
    }

    @Test
    void a_client_that_asked_for_heartbeats_and_goes_silent_is_closed() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.open(null)) {
            a.sendText(connectFrame(alice, "1000,1000"));
            assertThat(a.next().command()).isEqualTo(Command.CONNECTED);
            a.awaitClose(Duration.ofSeconds(10));
        }
    }

    // ------------------------------------------------------------------ limits of a frame

    @ParameterizedTest(name = "content-length given: {0}")
    @ValueSource(booleans = {false, true})
    void a_frame_over_64_kib_gets_error_frame_too_large_and_close(boolean withContentLength) {
        String alice = importedUser("alice");
        String bob = importedUser("bob");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            String body = chatBody(bob, "x".repeat(70 * 1024), ItEnv.uid("m"));
            a.sendText("SEND\ndestination:/app/chat.send\ncontent-type:application/json\nreceipt:r-big\n"
                    + (withContentLength ? "content-length:" + body.length() + "\n" : "") + "\n" + body + "\0");
            assertErrorThenClose(a, "FRAME_TOO_LARGE");
        }
    }

    private static String paddedSubscribe(String receipt, int frameBytes) {
        String head = "SUBSCRIBE\nid:s1\ndestination:" + MESSAGES + "\nreceipt:" + receipt + "\nx-pad:";
        // head + pad + LF (end of the header) + LF (end of the headers) + NUL
        return head + "p".repeat(frameBytes - head.length() - 3) + "\n\n\0";
    }

    @Test
    void a_frame_of_exactly_64_kib_is_accepted() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            String frame = paddedSubscribe("r-max", 64 * 1024);
            assertThat(frame.getBytes(StandardCharsets.UTF_8)).hasSize(65536);
            a.sendText(frame);
            a.awaitReceipt("r-max");
        }
    }

    @Test
    void a_frame_one_byte_over_64_kib_gets_error_frame_too_large_and_close() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.sendText(paddedSubscribe("r-over", 64 * 1024 + 1));
            assertErrorThenClose(a, "FRAME_TOO_LARGE");
            assertThat(a.raw()).noneMatch(m -> m.startsWith("RECEIPT"));
        }
    }

    @Test
    void a_websocket_message_under_256_kib_holding_several_frames_is_accepted() {
        String alice = importedUser("alice");
        try (RawWebSocket ws = RawWebSocket.open(null)) {
            ws.sendText(connectFrame(alice, "0,0"));
            assertThat(ws.read(StompClient.WAIT).text()).startsWith("CONNECTED\n");
            StringBuilder m = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                m.append(paddedSubscribe("r-" + i, 60 * 1024).replace("id:s1", "id:s" + i));
            }
            ws.sendText(m.append("\n".repeat(60 * 1024)).toString()); // 240 KiB in one WebSocket frame
            // the server may write RECEIPTs that queue up together in one message: read frames, not messages
            StringBuilder frames = new StringBuilder();
            while (frames.chars().filter(c -> c == 0).count() < 3) {
                frames.append(ws.read(StompClient.WAIT).text());
            }
            assertThat(frames.toString()).isEqualTo("RECEIPT\nreceipt-id:r-0\n\n\0RECEIPT\nreceipt-id:r-1\n\n\0"
                    + "RECEIPT\nreceipt-id:r-2\n\n\0");
        }
    }

    // ------------------------------------------------------------------ limits of a WebSocket message

    private static final int MESSAGE_LIMIT = 256 * 1024;

    /** A raw socket past CONNECT. */
    private static RawWebSocket connectedRaw() {
        String alice = importedUser("alice");
        RawWebSocket ws = RawWebSocket.open(null);
        ws.sendText(connectFrame(alice, "0,0"));
        assertThat(ws.read(StompClient.WAIT).text()).startsWith("CONNECTED\n");
        return ws;
    }

    /** A message of exactly {@code bytes} bytes: heart-beats, then a SUBSCRIBE asking for a receipt. */
    private static byte[] heartbeatsThenSubscribe(int bytes, String receipt) {
        String frame = "SUBSCRIBE\nid:s1\ndestination:" + MESSAGES + "\nreceipt:" + receipt + "\n\n\0";
        return ("\n".repeat(bytes - frame.length()) + frame).getBytes(StandardCharsets.UTF_8);
    }

    /** Reads until the close frame: its code, having checked that no RECEIPT came before it. */
    private static int closeCodeWithoutReceipt(RawWebSocket ws) {
        while (true) {
            RawWebSocket.WsFrame f = ws.read(StompClient.WAIT);
            assertThat(f).as("the connection ended without a close frame").isNotNull();
            if (f.opcode() == RawWebSocket.CLOSE) {
                return f.closeCode();
            }
            assertThat(f.text()).doesNotStartWith("RECEIPT");
        }
    }

    @Test
    void a_websocket_message_over_256_kib_closes_the_socket_with_1009() {
        try (RawWebSocket ws = connectedRaw()) {
            // only heart-beats: no STOMP frame is too large, the message is (one WebSocket frame of 300 KiB)
            ws.sendText("\n".repeat(300 * 1024));
            assertThat(ws.awaitCloseCode(StompClient.WAIT)).isEqualTo(1009);
        }
    }

    @Test
    void a_websocket_message_over_256_kib_sent_in_fragments_closes_the_socket_with_1009() {
        try (RawWebSocket ws = connectedRaw()) {
            ws.sendTextFragmented("\n".repeat(300 * 1024).getBytes(StandardCharsets.UTF_8), 16 * 1024);
            assertThat(ws.awaitCloseCode(StompClient.WAIT)).isEqualTo(1009);
        }
    }

    @ParameterizedTest(name = "binary, fragment size {0} (0: one frame)")
    @ValueSource(ints = {0, 16 * 1024})
    void a_binary_websocket_message_over_256_kib_closes_the_socket_with_1009(int fragment) {
        try (RawWebSocket ws = connectedRaw()) {
            byte[] message = "\n".repeat(300 * 1024).getBytes(StandardCharsets.UTF_8);
            ws.sendFragmented(RawWebSocket.BINARY, message, fragment == 0 ? message.length : fragment);
            assertThat(ws.awaitCloseCode(StompClient.WAIT)).isEqualTo(1009);
        }
    }

    /** The boundary: a message may have exactly 256 KiB, however it is cut into WebSocket frames. */
    @ParameterizedTest(name = "fragment size {0} (0: one frame)")
    @ValueSource(ints = {0, 16 * 1024, 1000})
    void a_websocket_message_of_exactly_256_kib_is_accepted(int fragment) {
        try (RawWebSocket ws = connectedRaw()) {
            byte[] message = heartbeatsThenSubscribe(MESSAGE_LIMIT, "r-limit");
            assertThat(message).hasSize(MESSAGE_LIMIT);
            ws.sendTextFragmented(message, fragment == 0 ? message.length : fragment);
            assertThat(ws.read(StompClient.WAIT).text()).isEqualTo("RECEIPT\nreceipt-id:r-limit\n\n\0");
        }
    }

    /** One byte more closes with 1009; the part that went over the limit is not parsed, so its frame is not handled. */
    @ParameterizedTest(name = "fragment size {0} (0: one frame)")
    @ValueSource(ints = {0, 16 * 1024, 1000})
    void a_websocket_message_one_byte_over_256_kib_closes_with_1009_and_is_not_handled(int fragment) {
        try (RawWebSocket ws = connectedRaw()) {
            byte[] message = heartbeatsThenSubscribe(MESSAGE_LIMIT + 1, "r-over");
            ws.sendTextFragmented(message, fragment == 0 ? message.length : fragment);
            assertThat(closeCodeWithoutReceipt(ws)).isEqualTo(1009);
        }
    }

    @Test
    void many_messages_each_under_256_kib_are_accepted_however_much_they_add_up_to() {
        try (RawWebSocket ws = connectedRaw()) {
            byte[] beats = "\n".repeat(240 * 1024).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 20; i++) { // 4.7 MiB in all, alternately whole and in fragments
                ws.sendTextFragmented(beats, i % 2 == 0 ? beats.length : 16 * 1024);
            }
            for (int i = 0; i < 2000; i++) {
                ws.sendText("\n");
            }
            ws.sendText("SUBSCRIBE\nid:s1\ndestination:" + MESSAGES + "\nreceipt:r-after\n\n\0");
            assertThat(ws.read(StompClient.WAIT).text()).isEqualTo("RECEIPT\nreceipt-id:r-after\n\n\0");
        }
    }

    @Test
    void a_frame_completed_by_the_first_fragment_is_handled_before_the_message_ends() {
        try (RawWebSocket ws = connectedRaw()) {
            // fragments are parsed as they arrive, not buffered until the message is complete
            ws.sendFrame(false, RawWebSocket.TEXT, ("SUBSCRIBE\nid:s1\ndestination:" + MESSAGES
                    + "\nreceipt:r-early\n\n\0").getBytes(StandardCharsets.UTF_8));
            assertThat(ws.read(StompClient.WAIT).text()).isEqualTo("RECEIPT\nreceipt-id:r-early\n\n\0");
            ws.sendFrame(false, RawWebSocket.CONTINUATION, ("SUBSCRIBE\nid:s2\ndestination:" + ERRORS
                    + "\nreceipt:r-la").getBytes(StandardCharsets.UTF_8));
            ws.sendFrame(true, RawWebSocket.CONTINUATION, "te\n\n\0".getBytes(StandardCharsets.UTF_8));
            assertThat(ws.read(StompClient.WAIT).text()).isEqualTo("RECEIPT\nreceipt-id:r-late\n\n\0");
        }
    }

    @Test
    void a_message_the_client_fragments_between_multibyte_characters_is_reassembled() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            // 3-byte characters in a message the JDK client sends in several fragments
            StringBuilder m = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                m.append("SUBSCRIBE\nid:s").append(i).append("\ndestination:").append(MESSAGES).append("\nreceipt:r-")
                        .append(i).append("\nx-pad:").append("中文".repeat(9000)).append("\n\n\0");
            }
            a.sendText(m.toString());
            for (int i = 0; i < 3; i++) {
                a.awaitReceipt("r-" + i);
            }
        }
    }

    @Test
    void a_50_mib_message_in_fragments_is_refused_long_before_it_is_all_sent() throws Exception {
        try (RawWebSocket ws = connectedRaw()) {
            long total = 50L << 20;
            CompletableFuture<Long> sent = CompletableFuture.supplyAsync(
                    () -> ws.streamTextFragmented(total, 64 * 1024, (byte) '\n'));
            assertThat(ws.awaitCloseCode(StompClient.WAIT)).isEqualTo(1009);
            // the server closed the connection: the rest could not be written, far from all of it was read
            long written = sent.get(30, TimeUnit.SECONDS);
            assertThat(written).isLessThan(total / 4);
        }
    }

    @Test
    void frames_split_on_two_connections_at_once_do_not_mix() {
        String alice = importedUser("alice");
        String bob = importedUser("bob");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            // each connection has its own parser: halves sent in turn must not be joined across them
            a.sendText("SUBSCRIBE\nid:s1\ndestin");
            b.sendText("SUBSCRIBE\nid:s2\ndestination:/user/que");
            a.sendText("ation:" + MESSAGES + "\nreceipt:ra\n\n\0");
            b.sendText("ue/messages\nreceipt:rb\n\n\0");
            assertThat(a.awaitReceipt("ra").header("receipt-id")).isEqualTo("ra");
            assertThat(b.awaitReceipt("rb").header("receipt-id")).isEqualTo("rb");
            a.chat(bob, "SINGLE", "after", "m-1");
            assertThat(b.awaitMessage(MESSAGES).getString("content")).isEqualTo("after");
        }
    }

    @Test
    void a_frame_with_64_headers_is_accepted() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            StringBuilder f = new StringBuilder("SUBSCRIBE\nid:s1\ndestination:" + MESSAGES + "\nreceipt:r-64\n");
            for (int i = 0; i < 61; i++) {
                f.append("x-").append(i).append(":v\n");
            }
            a.sendText(f.append("\n\0").toString());
            a.awaitReceipt("r-64");
        }
    }

    @Test
    void a_frame_with_more_than_64_headers_gets_error_too_many_headers_and_close() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            StringBuilder f = new StringBuilder("SUBSCRIBE\nid:s1\ndestination:" + MESSAGES + "\nreceipt:r-65\n");
            for (int i = 0; i < 62; i++) {
                f.append("x-").append(i).append(":v\n");
            }
            a.sendText(f.append("\n\0").toString());
            assertErrorThenClose(a, "TOO_MANY_HEADERS");
        }
    }

    // ------------------------------------------------------------------ protocol errors

    @Test
    void an_unknown_command_gets_error_unknown_command_and_close() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.sendText("PUBLISH\ndestination:" + MESSAGES + "\n\n\0");
            assertErrorThenClose(a, "UNKNOWN_COMMAND");
        }
    }

    @Test
    void a_server_command_sent_by_the_client_gets_error_unknown_command_and_close() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.sendText("MESSAGE\ndestination:" + MESSAGES + "\nmessage-id:1\nsubscription:s1\n\n{}\0");
            assertErrorThenClose(a, "UNKNOWN_COMMAND");
        }
    }

    @Test
    void a_send_to_an_unknown_app_destination_gets_error_unknown_destination_and_close() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.sendText("SEND\ndestination:/app/unknown\ncontent-type:application/json\nreceipt:r-1\n\n{}\0");
            assertThat(assertErrorThenClose(a, "UNKNOWN_DESTINATION").header("receipt-id")).isEqualTo("r-1");
            assertThat(a.raw()).noneMatch(m -> m.startsWith("RECEIPT"));
        }
    }

    @Test
    void a_subscribe_to_an_unknown_topic_gets_error_unknown_destination_and_close() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.sendText("SUBSCRIBE\nid:s1\ndestination:/topic/unknown\nreceipt:r-1\n\n\0");
            assertThat(assertErrorThenClose(a, "UNKNOWN_DESTINATION").header("receipt-id")).isEqualTo("r-1");
            assertThat(a.raw()).noneMatch(m -> m.startsWith("RECEIPT"));
        }
    }

    @Test
    void a_subscribe_without_id_gets_error_and_close() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.sendText("SUBSCRIBE\ndestination:" + MESSAGES + "\nreceipt:r-1\n\n\0");
            Frame f = a.awaitError();
            assertThat(f.header("code")).isEqualTo("400");
            a.awaitClose();
            assertThat(a.raw()).noneMatch(m -> m.startsWith("RECEIPT"));
        }
    }

    @Test
    void a_protocol_error_on_one_connection_leaves_the_users_other_connection_working() {
        String alice = importedUser("alice");
        String bob = importedUser("bob");
        try (StompClient broken = StompClient.connect(ItEnv.userSig(alice), "phone");
             StompClient healthy = StompClient.connect(ItEnv.userSig(alice), "desktop");
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            broken.subscribe("s1", MESSAGES);
            healthy.subscribe("s1", MESSAGES);
            broken.sendText("NONSENSE\n\n\0");
            assertErrorThenClose(broken, "UNKNOWN_COMMAND");

            b.chat(alice, "SINGLE", "still there", ItEnv.uid("m"));
            assertThat(healthy.awaitMessage(MESSAGES).getString("content")).isEqualTo("still there");
            assertThat(healthy.isClosed()).isFalse();
        }
    }

    // ------------------------------------------------------------------ DISCONNECT and rejections

    @Test
    void disconnect_with_a_receipt_gets_the_receipt_then_close() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.sendText("DISCONNECT\nreceipt:bye-1\n\n\0");
            a.awaitReceipt("bye-1");
            a.awaitClose();
            assertThat(a.raw().get(a.raw().size() - 1)).isEqualTo("RECEIPT\nreceipt-id:bye-1\n\n\0");
        }
    }

    @Test
    void malformed_json_on_chat_send_is_rejected_on_the_errors_queue_without_receipt_and_the_session_stays() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.subscribe("e", ERRORS);
            a.sendText("SEND\ndestination:/app/chat.send\ncontent-type:application/json\nreceipt:r-bad\n\n"
                    + "{\"appKey\":\"ak_demo_chat\",\"toId\":\0");
            Frame f = a.await(x -> x.command() == Command.MESSAGE && ERRORS.equals(x.header("destination")));
            assertThat(f.header("subscription")).isEqualTo("e");
            JsonObject r = StompClient.json(f);
            assertThat(r.getInt("code")).isEqualTo(400);
            assertThat(r.getString("status")).isEqualTo("1");
            assertThat(r.getString("error")).isEqualTo("VALIDATION_FAILED");
            assertThat(r.getString("message")).isNotBlank();
            assertThat(r.getString("destination")).isEqualTo("/app/chat.send");
            assertThat(r.getString("receiptId")).isEqualTo("r-bad");
            a.expectNone(x -> x.command() == Command.RECEIPT, Duration.ofMillis(500));
            assertStillServing(a);
        }
    }
}
