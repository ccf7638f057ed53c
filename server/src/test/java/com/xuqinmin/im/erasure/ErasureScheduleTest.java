package com.xuqinmin.im.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When the data-deletion job runs, and what a retention of n days erases. */
class ErasureScheduleTest {

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void by_default_it_runs_once_a_day_at_three_utc() {
        ErasureSchedule daily = ErasureSchedule.of("03:00", 86_400);
        assertThat(daily.nextRunAfter(at("2026-05-10T01:00:00Z"))).isEqualTo(at("2026-05-10T03:00:00Z"));
        assertThat(daily.nextRunAfter(at("2026-05-10T03:00:00Z"))).as("strictly after: not the run that just started")
                .isEqualTo(at("2026-05-11T03:00:00Z"));
        assertThat(daily.nextRunAfter(at("2026-05-10T03:00:00.001Z"))).isEqualTo(at("2026-05-11T03:00:00Z"));
        assertThat(daily.nextRunAfter(at("2026-12-31T23:59:59Z"))).isEqualTo(at("2027-01-01T03:00:00Z"));
    }

    @Test
    void a_shorter_period_runs_from_the_time_of_day_on_in_steps() {
        ErasureSchedule hourly = ErasureSchedule.of("03:30", 3_600);
        assertThat(hourly.nextRunAfter(at("2026-05-10T10:05:00Z"))).isEqualTo(at("2026-05-10T10:30:00Z"));
        ErasureSchedule everyTwoSeconds = ErasureSchedule.of("00:00", 2);
        assertThat(everyTwoSeconds.nextRunAfter(at("2026-05-10T10:05:01.500Z"))).isEqualTo(at("2026-05-10T10:05:02Z"));
        assertThat(everyTwoSeconds.nextRunAfter(at("2026-05-10T10:05:02Z"))).isEqualTo(at("2026-05-10T10:05:04Z"));
    }

    @Test
    void a_period_that_does_not_divide_a_day_keeps_its_rhythm_across_midnight() {
        ErasureSchedule sevenHours = ErasureSchedule.of("03:00", 7 * 3_600);
        long first = sevenHours.nextRunAfter(at("2026-05-10T20:00:00Z"));
        long second = sevenHours.nextRunAfter(first);
        assertThat(second - first).isEqualTo(7 * 3_600_000L);
        assertThat(sevenHours.nextRunAfter(second) - second).isEqualTo(7 * 3_600_000L);
    }

    @Test
    void a_malformed_time_of_day_stops_the_start_with_the_setting_named() {
        assertThatThrownBy(() -> ErasureSchedule.of("3am", 86_400)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("IM_RETENTION_RUN_AT").hasMessageContaining("3am");
        assertThatThrownBy(() -> ErasureSchedule.of("25:00", 86_400)).isInstanceOf(IllegalStateException.class);
        assertThat(ErasureSchedule.of(" 04:15 ", 0).periodMillis()).as("a period below a second is one second")
                .isEqualTo(1_000);
    }

    @Test
    void a_retention_of_n_days_erases_what_was_created_more_than_n_days_before_the_run() {
        long now = at("2026-05-10T03:00:00Z");
        assertThat(ErasureSchedule.cutoff(now, 30)).isEqualTo(at("2026-04-10T03:00:00Z"));
        assertThat(ErasureSchedule.cutoff(now, 36_500)).as("nothing is older than 1970").isZero();
    }
}
