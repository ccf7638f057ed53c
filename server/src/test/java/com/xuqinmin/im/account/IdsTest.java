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
}
