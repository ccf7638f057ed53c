package com.xuqinmin.im.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The unread count of the conversation list (chat/Unread.java). */
class UnreadTest {

    @Test
    void everything_after_the_read_point_is_unread() {
        assertThat(Unread.count(10, 0, 0, 0)).isEqualTo(10);
        assertThat(Unread.count(10, 7, 0, 0)).isEqualTo(3);
        assertThat(Unread.count(10, 10, 0, 0)).isZero();
    }

    @Test
    void the_users_own_latest_message_counts_as_having_read_everything_before_it() {
        // read up to 3, replied at 8: 4..7 were seen before replying, 9 and 10 are new
        assertThat(Unread.count(10, 3, 8, 0)).isEqualTo(2);
        // the user's own message is the last one: nothing is unread
        assertThat(Unread.count(10, 0, 10, 0)).isZero();
    }

    @Test
    void a_read_point_past_the_own_message_wins() {
        assertThat(Unread.count(10, 9, 4, 0)).isEqualTo(1);
    }

    @Test
    void a_group_member_never_has_what_was_said_before_it_joined_unread() {
        assertThat(Unread.count(50, 0, 0, 45)).isEqualTo(5);
        assertThat(Unread.count(50, 47, 0, 45)).isEqualTo(3);
    }

    @Test
    void never_negative() {
        // a read point ahead of a lagging lastSeq (e.g. read on another node a moment earlier)
        assertThat(Unread.count(5, 9, 0, 0)).isZero();
        assertThat(Unread.count(0, 0, 0, 0)).isZero();
    }
}
