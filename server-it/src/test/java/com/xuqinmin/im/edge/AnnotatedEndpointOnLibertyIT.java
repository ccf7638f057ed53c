package com.xuqinmin.im.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.it.RawWebSocket;
import com.xuqinmin.im.stomp.StompDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Why {@code /ws/im} is a programmatic endpoint with partial-message handlers and not the design
 * card's annotated {@code @ServerEndpoint} with a {@code Decoder} (docs/protocol.md, "WebSocket
 * messages"). The two annotated shapes are deployed into the test server on their own and sent what
 * the product must refuse. On Open Liberty both let it through:
 * <ul>
 * <li>a whole-message method with {@code @OnMessage(maxMessageSize)}: Liberty checks the limit
 * against each WebSocket frame, never against the message the frames add up to, and keeps every
 * fragment in memory until the last one, so a message cut into small fragments grows without
 * limit (a 300 KiB message in 16 KiB fragments is decoded whole, against a 256 KiB limit);</li>
 * <li>a partial-message method: Liberty skips the size check for annotated partial methods
 * altogether, ignoring the session's buffer size, so one frame of any size is read in whole.</li>
 * </ul>
 * Only a programmatic endpoint's partial handlers get the per-frame check against the session's
 * buffer size, and fragments as they arrive, which lets the product's decoder count a message's
 * bytes itself (FramingIT). The tests that show the failures stay {@code @Disabled} so the build
 * stays green; docs/architecture.md ("The edge") has the command that runs them anyway.
 */
@ExtendWith(ArquillianExtension.class)
class AnnotatedEndpointOnLibertyIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String APP = "/annotated-probe";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "annotated-probe.war")
                .addClasses(AnnotatedStompEndpoint.class, WholeMessageStompDecoder.class, AnnotatedPartialEndpoint.class)
                .addPackage(StompDecoder.class.getPackage())
                .addPackage(ImException.class.getPackage());
    }

    private static byte[] heartbeats(int bytes) {
        return "\n".repeat(bytes).getBytes(StandardCharsets.UTF_8);
    }

    /** What the endpoint answered, or "closed NNNN" when the server closed the connection instead. */
    private static String outcome(RawWebSocket ws) {
        RawWebSocket.WsFrame f = ws.read(WAIT);
        assertThat(f).as("the server neither answered nor closed").isNotNull();
        return f.opcode() == RawWebSocket.CLOSE ? "closed " + f.closeCode() : f.text();
    }

    @Test
    void the_whole_message_decoder_shape_works_for_a_message_within_the_limit() {
        try (RawWebSocket ws = RawWebSocket.openAt(APP + "/annotated", null)) {
            ws.sendText("\n\nSEND\ndestination:/x\n\nhi\0");
            assertThat(outcome(ws)).isEqualTo("frames=1 heartbeats=2");
        }
    }

    @Test
    void maxMessageSize_refuses_a_message_over_it_sent_as_one_frame() {
        try (RawWebSocket ws = RawWebSocket.openAt(APP + "/annotated", null)) {
            ws.sendFragmented(RawWebSocket.TEXT, heartbeats(300 * 1024), 300 * 1024);
            assertThat(outcome(ws)).isEqualTo("closed 1009");
        }
    }

    @Test
    @Disabled("fails on Open Liberty 26.0.0.3: @OnMessage(maxMessageSize) is checked per WebSocket frame, "
            + "so a 300 KiB message in 16 KiB fragments is decoded (heartbeats=307200) instead of closed with 1009")
    void maxMessageSize_refuses_a_message_over_it_sent_in_fragments() {
        try (RawWebSocket ws = RawWebSocket.openAt(APP + "/annotated", null)) {
            ws.sendFragmented(RawWebSocket.TEXT, heartbeats(300 * 1024), 16 * 1024);
            assertThat(outcome(ws)).isEqualTo("closed 1009");
        }
    }

    @Test
    @Disabled("fails on Open Liberty 26.0.0.3: an annotated partial-message method gets no size check at all, "
            + "so one 1 MiB frame is read in whole (chars=1048576) although the session's buffer size is 256 KiB")
    void an_annotated_partial_method_refuses_a_frame_over_the_sessions_buffer_size() {
        try (RawWebSocket ws = RawWebSocket.openAt(APP + "/annotated-partial", null)) {
            ws.sendFragmented(RawWebSocket.TEXT, heartbeats(1024 * 1024), 1024 * 1024);
            assertThat(outcome(ws)).isEqualTo("closed 1009");
        }
    }
}
