package com.xuqinmin.im.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunsTest {

    @Test
    void adjacent_seqs_merge_into_one_run() {
        Runs r = new Runs();
        r.add(1);
        r.add(2);
        r.add(3);
        assertThat(r.runCount()).isEqualTo(1);
        assertThat(r.toString()).isEqualTo("[1..3]");
    }

    @Test
    void a_gap_keeps_two_runs_until_it_is_filled() {
        Runs r = new Runs();
        r.add(1);
        r.add(5);
        r.add(6);
        assertThat(r.toString()).isEqualTo("[1..1, 5..6]");
        r.add(3);
        assertThat(r.toString()).isEqualTo("[1..1, 3..3, 5..6]");
        r.add(2);
        r.add(4);
        assertThat(r.toString()).isEqualTo("[1..6]");
    }

    @Test
    void adding_a_present_seq_reports_nothing_new() {
        Runs r = new Runs();
        assertThat(r.add(7)).isTrue();
        assertThat(r.add(7)).isFalse();
        r.add(10, 20);
        assertThat(r.add(15)).isFalse();
        assertThat(r.add(12, 18)).isFalse();
        assertThat(r.add(19, 21)).isTrue();
        assertThat(r.toString()).isEqualTo("[7..7, 10..21]");
    }

    @Test
    void a_range_can_swallow_several_runs() {
        Runs r = new Runs();
        r.add(2);
        r.add(4);
        r.add(6);
        r.add(8);
        r.add(3, 7);
        assertThat(r.toString()).isEqualTo("[2..8]");
        assertThat(r.contains(5)).isTrue();
        assertThat(r.contains(9)).isFalse();
    }

    @Test
    void contiguous_end_follows_runs_that_continue_the_start() {
        Runs r = new Runs();
        r.add(5, 9);
        r.add(11, 12);
        assertThat(r.contiguousEnd(4)).isEqualTo(9);
        assertThat(r.contiguousEnd(3)).isEqualTo(3);
        assertThat(r.contiguousEnd(10)).isEqualTo(12);
        assertThat(r.contiguousEnd(20)).isEqualTo(20);
    }

    @Test
    void remove_up_to_trims_and_drops_runs() {
        Runs r = new Runs();
        r.add(1, 5);
        r.add(8, 10);
        r.removeUpTo(3);
        assertThat(r.toString()).isEqualTo("[4..5, 8..10]");
        r.removeUpTo(9);
        assertThat(r.toString()).isEqualTo("[10..10]");
        r.removeUpTo(10);
        assertThat(r.isEmpty()).isTrue();
    }

    @Test
    void many_runs_grow_the_storage() {
        Runs r = new Runs();
        for (int i = 0; i < 100; i += 2) {
            r.add(i);
        }
        assertThat(r.runCount()).isEqualTo(50);
        for (int i = 1; i < 100; i += 2) {
            r.add(i);
        }
        assertThat(r.toString()).isEqualTo("[0..99]");
    }
}
