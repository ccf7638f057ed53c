package com.xuqinmin.im.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generator's client side of the protocol, on frames as the server writes them. */
class StompTextTest {

    @Test
    void two_frames_in_one_message_are_both_read_and_header_values_are_unescaped() {
        String body = "{\"id\":\"01X\",\"conversationId\":\"s:a:b\",\"seq\":7,\"content\":\"bx|12|hi\"}";
        String text = "MESSAGE\ndestination:/user/queue/messages\nsubscription:s0\ncontent-length:" + body.length()
                + "\n\n" + body + "\0" + "\nRECEIPT\nreceipt-id:r1\nim-conversation-id:s\\ca\\cb\n\n\0";
        List<StompText.Frame> frames = new ArrayList<>();
        int pos = 0;
        while (pos >= 0 && pos < text.length()) {
            pos = StompText.parse(text, pos, frames::add);
        }
        assertEquals(2, frames.size());
        assertEquals(body, frames.get(0).body());
        assertEquals(7, StompText.jsonLong(frames.get(0).body(), "seq"));
        assertEquals("s:a:b", StompText.jsonString(frames.get(0).body(), "conversationId"));
        assertEquals("s:a:b", frames.get(1).header("im-conversation-id"));
    }

    @Test
    void a_frame_without_its_nul_is_not_complete() {
        assertEquals(-1, StompText.parse("MESSAGE\ndestination:/x\n\n{}", 0, f -> { }));
    }

    @Test
    void header_values_are_escaped_when_written() {
        assertEquals("SEND\ndestination:/app/chat.send\nx:a\\cb\n\n{}\0",
                StompText.frame("SEND", "{}", "destination", "/app/chat.send", "x", "a:b"));
    }

    @Test
    void a_host_range_spreads_over_every_address_and_port() {
        Options o = Options.parse("--hosts", "127.0.0.1-3", "--ports", "1,2");
        assertEquals(List.of("127.0.0.1:1", "127.0.0.1:2", "127.0.0.2:1", "127.0.0.2:2", "127.0.0.3:1",
                "127.0.0.3:2"), o.targets());
    }
}
