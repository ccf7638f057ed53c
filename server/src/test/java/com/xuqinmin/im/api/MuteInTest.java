package com.xuqinmin.im.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import org.junit.jupiter.api.Test;

/** The body of the mute calls: until when, or unmuted. */
class MuteInTest {

    private static final long NOW = 1_800_000_000_000L;

    @Test
    void seconds_count_from_now() {
        assertThat(new MuteIn(null, 60L).until(NOW)).isEqualTo(NOW + 60_000);
    }

    @Test
    void muted_until_is_taken_as_it_is() {
        assertThat(new MuteIn(NOW + 5_000, null).until(NOW)).isEqualTo(NOW + 5_000);
    }

    @Test
    void zero_a_past_time_or_nothing_unmutes() {
        assertThat(new MuteIn(null, 0L).until(NOW)).isNull();
        assertThat(new MuteIn(0L, null).until(NOW)).isNull();
        assertThat(new MuteIn(NOW - 1, null).until(NOW)).isNull();
        assertThat(new MuteIn(null, null).until(NOW)).isNull();
        assertThat(MuteIn.until(null, NOW)).isNull();
    }

    @Test
    void both_negative_or_absurd_values_are_refused_naming_the_field() {
        assertRefused(new MuteIn(NOW + 1, 5L), "mutedUntil or seconds");
        assertRefused(new MuteIn(null, -1L), "seconds");
        assertRefused(new MuteIn(null, Long.MAX_VALUE), "seconds");
        assertRefused(new MuteIn(-5L, null), "mutedUntil");
    }

    private static void assertRefused(MuteIn in, String mentions) {
        assertThatThrownBy(() -> in.until(NOW)).isInstanceOf(ImException.class)
                .satisfies(e -> assertThat(((ImException) e).error()).isEqualTo(ErrorCode.VALIDATION_FAILED))
                .hasMessageContaining(mentions);
    }
}
