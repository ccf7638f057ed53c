package com.xuqinmin.im.gateway.sockjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SockJS framing as sockjs-protocol 0.3.3 describes it. */
class SockJsFramesTest {

    @Test
    void an_array_frame_escapes_json_and_what_sockjs_asks_servers_to_escape() {
        assertThat(SockJsFrames.array("CONNECTED\nversion:1.2\n\n\u0000"))
                .isEqualTo("a[\"CONNECTED\\nversion:1.2\\n\\n\\u0000\"]");
        assertThat(SockJsFrames.array("\"q\" \\ \t\r")).isEqualTo("a[\"\\\"q\\\" \\\\ \\t\\r\"]");
        assertThat(SockJsFrames.array("\u200c\u2028\u2060\ufff0\uffff")).isEqualTo("a[\"\\u200c\\u2028\\u2060\\ufff0\\uffff\"]");
        // what needs no escape goes as it is: CJK, a pair of surrogates (an emoji)
        assertThat(SockJsFrames.array("你好 \ud83d\ude00")).isEqualTo("a[\"你好 \ud83d\ude00\"]");
        // a lone surrogate cannot travel in UTF-8: escaped
        assertThat(SockJsFrames.array("\ud83d")).isEqualTo("a[\"\\ud83d\"]");
    }

    @Test
    void a_close_frame_carries_code_and_reason() {
        assertThat(SockJsFrames.close(3000, "Go away!")).isEqualTo("c[3000,\"Go away!\"]");
        assertThat(SockJsFrames.ANOTHER_CONNECTION).isEqualTo("c[2010,\"Another connection still open\"]");
    }

    @Test
    void the_client_sends_an_array_of_strings_or_one_string() {
        assertThat(SockJsFrames.messages("[\"a\",\"b\\u0000\"]")).containsExactly("a", "b\u0000");
        assertThat(SockJsFrames.messages("[]")).isEmpty();
        assertThat(SockJsFrames.messages("\"one\"")).containsExactly("one");
        assertThat(SockJsFrames.messages("[\"\\ud83d\\ude00\"]")).isEqualTo(List.of("\ud83d\ude00"));
        assertThat(SockJsFrames.messages("")).isNull();
    }

    @Test
    void anything_else_is_broken_json() {
        for (String bad : List.of("[\"x", "[1]", "{}", "[[\"x\"]]", "null", "[\"a\"] x")) {
            assertThatThrownBy(() -> SockJsFrames.messages(bad)).as(bad)
                    .isInstanceOfSatisfying(ImException.class, e -> {
                        assertThat(e.error()).isEqualTo(ErrorCode.MALFORMED_FRAME);
                        assertThat(e.getMessage()).isEqualTo("Broken JSON encoding.");
                    });
        }
    }
}
