package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The frames RFC 6455 forbids a client to send, each on an authenticated, CONNECTED session: the
 * close code the RFC requires (1002 protocol error, 1007 for a text message that is not UTF-8), and
 * the server keeps serving: a second session exchanges a message afterwards. Written with a raw
 * socket, since the JDK's client refuses to send any of these. Two cases Open Liberty answers
 * otherwise, and cannot be configured to answer as the RFC says: their tests are disabled with what
 * it does (docs/security.md, "Known deviations of the container").
 */
class Rfc6455IT {

    private static final int FIN = 0x80;
    private static final int RSV1 = 0x40;

    /** A socket that completed CONNECT with a valid token, so the bad frame reaches a live session. */
    private static RawWebSocket connected() {
        String user = ItEnv.uid("rfc");
        Admin.importUsers(user);
        RawWebSocket ws = RawWebSocket.open("token=" + ItEnv.userSig(user));
        ws.sendText("CONNECT\naccept-version:1.2\nheart-beat:0,0\nhost:localhost\n\n\0");
        assertThat(ws.read(StompClient.WAIT).text()).startsWith("CONNECTED\n");
        return ws;
    }

    /** Sends the frame, expects the close code, then checks that other sessions still exchange messages. */
    private static void assertClosedWith(int expected, int firstByte, boolean masked, byte[] payload) {
        try (RawWebSocket ws = connected()) {
            ws.sendRawFrame(firstByte, masked, payload);
            assertThat(ws.awaitCloseCode(StompClient.WAIT)).isEqualTo(expected);
        }
        assertTheServerStillServes();
    }

    private static void assertTheServerStillServes() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            b.subscribe("s1", "/user/queue/messages");
            a.chat(bob, "SINGLE", "still here", ItEnv.uid("m"));
            JsonObject m = b.awaitMessage("/user/queue/messages");
            assertThat(m.getString("content")).isEqualTo("still here");
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    @Disabled("Open Liberty 26.0.0.3 reads a client frame without the MASK bit as if it had one (its frame reader "
            + "always takes the next 4 bytes as the masking key): this 1-byte unmasked text frame got no close frame "
            + "and no answer, the connection stayed open (observed for 45 s); a longer unmasked frame is unmasked "
            + "with a key made of its own payload and usually ends in 1002 for what that garbles")
    void an_unmasked_client_frame_is_a_protocol_error_1002() {
        // RFC 6455 §5.1: "a server MUST close the connection upon receiving a frame that is not masked"
        assertClosedWith(1002, FIN | RawWebSocket.TEXT, false, ascii("\n"));
    }

    @Test
    void a_control_frame_over_125_bytes_is_a_protocol_error_1002() {
        // §5.5: "All control frames MUST have a payload length of 125 bytes or less"
        byte[] payload = new byte[126];
        Arrays.fill(payload, (byte) 'p');
        assertClosedWith(1002, FIN | RawWebSocket.PING, true, payload);
    }

    @Test
    void a_fragmented_control_frame_is_a_protocol_error_1002() {
        // §5.5: "All control frames ... MUST NOT be fragmented" (a ping without FIN)
        assertClosedWith(1002, RawWebSocket.PING, true, ascii("ping"));
    }

    @Test
    void a_text_frame_that_is_not_utf8_is_closed_with_1007() {
        // §8.1: invalid UTF-8 in a text message "MUST Fail the WebSocket Connection" (§7.4.1: 1007)
        assertClosedWith(1007, FIN | RawWebSocket.TEXT, true, new byte[] {'\n', (byte) 0xC3, (byte) 0x28, '\n'});
    }

    @Test
    void a_frame_with_a_reserved_bit_set_is_a_protocol_error_1002() {
        // §5.2: RSV1-3 "MUST be 0 unless an extension is negotiated"; none is
        assertClosedWith(1002, FIN | RSV1 | RawWebSocket.TEXT, true, ascii("\n"));
    }

    @ParameterizedTest(name = "opcode 0x{0}")
    @ValueSource(ints = {0x3, 0xB})
    void a_frame_with_an_unknown_opcode_is_a_protocol_error_1002(int opcode) {
        // §5.2: "If an unknown opcode is received, the receiving endpoint MUST _Fail the WebSocket Connection_"
        assertClosedWith(1002, FIN | opcode, true, ascii("x"));
    }

    @ParameterizedTest(name = "close code {0}")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 2999})
    void a_close_frame_with_a_code_no_endpoint_may_send_is_answered_with_1002(int code) {
        // §7.4: 1005, 1006 and 1015 "MUST NOT be set as a status code in a Close control frame by an
        // endpoint"; codes below 1000 are not used, 1004 and the rest of 1000-2999 are reserved
        assertClosedWith(1002, FIN | RawWebSocket.CLOSE, true, new byte[] {(byte) (code >> 8), (byte) code});
    }

    @ParameterizedTest(name = "close code {0}")
    @ValueSource(ints = {5000, 65535})
    @Disabled("Open Liberty 26.0.0.3 fails on a close code above 4999 (IllegalArgumentException 'Invalid code: 5000' "
            + "in its TCP worker, an FFDC): it sends no close frame and keeps the connection open (observed for 45 s)")
    void a_close_frame_with_a_code_above_4999_is_answered_with_1002(int code) {
        // §7.4.2: status codes 5000 and above are not defined; only 0-4999 are ranges of the RFC
        assertClosedWith(1002, FIN | RawWebSocket.CLOSE, true, new byte[] {(byte) (code >> 8), (byte) code});
    }
}
