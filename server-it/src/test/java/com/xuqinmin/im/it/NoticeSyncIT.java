package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Notices through {@code chat.sync} (protocol.md, "Notices after being away"): a device that was
 * offline gets the notices it lacks on {@code /user/queue/notices}, in seq order, a page at a time,
 * from its own notice cursor; what it received live is never written again, and a notice it
 * received is not synced again on its next connection.
 */
class NoticeSyncIT {

    private static final String NOTICES = "/user/queue/notices";
    private static final String MESSAGES = "/user/queue/messages";

    /** Five notices for {@code bob}: joined a group, then four renames. */
    private static String fiveNotices(String owner, String bob) {
        String g = ItEnv.uid("g");
        Admin.createGroup(g, owner, bob);
        for (int i = 1; i <= 4; i++) {
            rename(g, "name " + i);
        }
        return g;
    }

    private static void rename(String g, String name) {
        Admin.Reply r = Admin.put("/api/im/admin/groups/" + g, "{\"name\":\"" + name + "\"}");
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    }

    /** Syncs once; answers the notices' seqs written before the RECEIPT, and the RECEIPT. */
    private static Frame sync(StompClient s, Integer limit, String receipt, List<Long> seqs) {
        s.sync(limit, receipt);
        List<Frame> frames = s.messagesUntilReceipt(NOTICES, receipt, StompClient.WAIT);
        for (Frame f : frames) {
            if (f.command() == Command.MESSAGE) {
                seqs.add(StompClient.json(f).getJsonNumber("seq").longValue());
            }
        }
        return frames.get(frames.size() - 1);
    }

    private static StompClient device(String user, String deviceId, boolean notices) {
        StompClient s = StompClient.connect(ItEnv.userSig(user), deviceId);
        s.subscribe("m", MESSAGES);
        if (notices) {
            s.subscribe("n", NOTICES);
        }
        return s;
    }

    @Test
    void an_offline_device_gets_its_notices_by_sync_in_order_a_page_at_a_time_from_its_own_cursor() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        String g = fiveNotices(alice, bob);

        try (StompClient phone = device(bob, "phone", true)) {
            List<Long> seqs = new ArrayList<>();
            Frame first = sync(phone, 2, "s1", seqs);
            assertThat(seqs).containsExactly(1L, 2L);
            assertThat(first.header("im-sync-notices")).isEqualTo("2");
            assertThat(first.header("im-sync-more")).isEqualTo("true");
            Frame second = sync(phone, 2, "s2", seqs);
            assertThat(second.header("im-sync-more")).isEqualTo("true");
            Frame third = sync(phone, 2, "s3", seqs);
            assertThat(third.header("im-sync-notices")).isEqualTo("1");
            assertThat(third.header("im-sync-more")).isEqualTo("false");
            assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L);
            // nothing twice within the session
            List<Long> again = new ArrayList<>();
            assertThat(sync(phone, null, "s4", again).header("im-sync-notices")).isEqualTo("0");
            assertThat(again).isEmpty();

            rename(g, "live");
            assertThat(phone.awaitMessage(NOTICES).getJsonNumber("seq").longValue()).isEqualTo(6);
        }

        // the phone's cursor covers what it received, live or by sync: its next connection gets nothing again
        try (StompClient phone = device(bob, "phone", true)) {
            List<Long> seqs = new ArrayList<>();
            assertThat(sync(phone, null, "p1", seqs).header("im-sync-notices")).isEqualTo("0");
            assertThat(seqs).isEmpty();
        }

        // each device has its own cursor: a new one gets everything
        try (StompClient tablet = device(bob, "tablet", true)) {
            List<Long> seqs = new ArrayList<>();
            sync(tablet, null, "t1", seqs);
            assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        }
    }

    @Test
    void a_notice_received_live_is_not_written_again_by_the_sync_that_fills_the_gap_before_it() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        String g = fiveNotices(alice, bob);
        try (StompClient phone = device(bob, "phone", true)) {
            rename(g, "while online");
            assertThat(phone.awaitMessage(NOTICES).getJsonNumber("seq").longValue()).isEqualTo(6);
            List<Long> seqs = new ArrayList<>();
            Frame r = sync(phone, null, "s1", seqs);
            assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(r.header("im-sync-more")).isEqualTo("false");
            phone.expectNone(f -> f.command() == Command.MESSAGE, Duration.ofMillis(300));
        }
        try (StompClient phone = device(bob, "phone", true)) {
            List<Long> seqs = new ArrayList<>();
            sync(phone, null, "s2", seqs);
            assertThat(seqs).as("the cursor covers 1 to 6 once the gap was filled").isEmpty();
        }
    }

    @Test
    void a_session_not_subscribed_to_notices_syncs_messages_only_and_its_device_keeps_them_for_later() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        fiveNotices(alice, bob);
        try (StompClient phone = device(bob, "phone", false)) {
            phone.sync(null, "s1");
            Frame r = phone.awaitReceipt("s1");
            assertThat(r.header("im-sync-notices")).isEqualTo("0");
            phone.expectNone(f -> f.command() == Command.MESSAGE, Duration.ofMillis(300));
        }
        try (StompClient phone = device(bob, "phone", true)) {
            List<Long> seqs = new ArrayList<>();
            sync(phone, null, "s2", seqs);
            assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L);
        }
    }
}
