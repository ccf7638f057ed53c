package com.xuqinmin.im.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xuqinmin.im.error.ImException;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void ids_are_short_safe_and_never_contain_a_colon() {
        assertThat(Ids.valid("user_001")).isTrue();
        assertThat(Ids.valid("a.b@c-d")).isTrue();
        assertThat(Ids.valid("a:b")).isFalse();
        assertThat(Ids.valid("' OR 1=1")).isFalse();
        assertThat(Ids.valid("x".repeat(65))).isFalse();
        assertThat(Ids.valid("")).isFalse();
        assertThat(Ids.valid(null)).isFalse();
    }

    @Test
    void free_text_is_trimmed_bounded_and_free_of_control_characters() {
        assertThat(Ids.text("name", "  Acme  ", 10, true)).isEqualTo("Acme");
        assertThat(Ids.text("nickname", null, 10, false)).isNull();
        assertThatThrownBy(() -> Ids.text("name", "\u0000", 10, true)).isInstanceOf(ImException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> Ids.text("name", "a\nb", 10, true)).hasMessageContaining("control");
        assertThatThrownBy(() -> Ids.text("name", "x".repeat(11), 10, true)).hasMessageContaining("at most 10");
        assertThatThrownBy(() -> Ids.text("name", "   ", 10, true)).hasMessageContaining("required");
    }

    @Test
    void free_text_refuses_direction_overrides_and_broken_surrogates_but_keeps_emoji_sequences() {
        for (String bidi : new String[] {"\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c"}) {
            assertThatThrownBy(() -> Ids.text("nickname", "gpj" + bidi + ".exe", 20, false))
                    .hasMessageContaining("bidirectional");
        }
        assertThatThrownBy(() -> Ids.text("nickname", "a\ud800b", 20, false)).hasMessageContaining("valid Unicode");
        assertThatThrownBy(() -> Ids.text("nickname", "a\udc00", 20, false)).hasMessageContaining("valid Unicode");
        String coder = "\ud83d\udc69\u200d\ud83d\udcbb \u5f20\u4e09";
        assertThat(Ids.text("nickname", coder, 20, false)).isEqualTo(coder);
    }

    @Test
    void a_url_is_an_absolute_http_or_https_link_with_a_host() {
        assertThat(Ids.url("avatarUrl", " https://cdn.example.com/a.png ", 100)).isEqualTo("https://cdn.example.com/a.png");
        assertThat(Ids.url("avatarUrl", "HTTP://a/1", 100)).isEqualTo("HTTP://a/1");
        assertThat(Ids.url("avatarUrl", "", 100)).isNull();
        for (String bad : new String[] {"javascript:alert(1)", "data:image/png;base64,AA", "file:///etc/passwd", "//a/b",
                "https:///nohost", "a b", "ftp://x/y"}) {
            assertThatThrownBy(() -> Ids.url("avatarUrl", bad, 100)).as(bad).hasMessageContaining("avatarUrl");
        }
        assertThatThrownBy(() -> Ids.url("avatarUrl", "https://a/" + "x".repeat(100), 100)).hasMessageContaining("at most");
    }
}
