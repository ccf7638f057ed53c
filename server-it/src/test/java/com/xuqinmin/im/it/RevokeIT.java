package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Revoking messages (PROTOCOL.md §4): who may, within which window (3 s on the IT server), and what
 * everyone who could see the message receives.
 */
class RevokeIT {

    private static final String QUEUE = "/user/queue/messages";
    private static final Duration QUIET = Duration.ofMillis(800);
    /** A little more than the IT server's revoke window of 3 s. */
    private static final long PAST_WINDOW_MILLIS = 3_600;

    private static boolean isRevoked(Frame f) {
        return f.command() == Command.MESSAGE && !"/user/queue/errors".equals(f.header("destination"))
                && "REVOKED".equals(StompClient.json(f).getString("status", ""));
    }

    private static void assertRevokedCopy(JsonObject copy, Frame sendReceipt, String clientId) {
        assertThat(copy.getString("id")).isEqualTo(sendReceipt.header("im-message-id"));
        assertThat(copy.getString("messageId")).isEqualTo(clientId);
        assertThat(copy.getString("status")).isEqualTo("REVOKED");
        assertThat(copy.getString("content")).isEmpty();
        assertThat(copy.getJsonNumber("seq").longValue()).isEqualTo(Long.parseLong(sendReceipt.header("im-seq")));
        assertThat(copy.getString("conversationId")).isEqualTo(sendReceipt.header("im-conversation-id"));
    }

    private static void pastTheWindow() {
        try {
            Thread.sleep(PAST_WINDOW_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sender_revokes_by_client_message_id_and_recipient_and_senders_other_session_get_the_REVOKED_copy() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient a1 = StompClient.connect(ItEnv.userSig(alice), "phone");
             StompClient a2 = StompClient.connect(ItEnv.userSig(alice), "desktop");
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            a1.subscribe("q", QUEUE);
            a2.subscribe("q", QUEUE);
            b.subscribe("q", QUEUE);
            Frame sent = a1.chat(bob, "SINGLE", "oops", "c-1");
            assertThat(b.awaitMessage(QUEUE).getString("status")).isEqualTo("SENT");
            assertThat(a2.awaitMessage(QUEUE).getString("status")).isEqualTo("SENT");

            a1.revoke("c-1", "rv-1");

            a1.awaitReceipt("rv-1");
            Frame atBob = b.await(RevokeIT::isRevoked);
            assertThat(atBob.header("destination")).isEqualTo(QUEUE);
            assertRevokedCopy(StompClient.json(atBob), sent, "c-1");
            Frame atA2 = a2.await(RevokeIT::isRevoked);
            assertThat(atA2.header("destination")).isEqualTo(QUEUE);
            assertRevokedCopy(StompClient.json(atA2), sent, "c-1");
        }
    }

    @Test
    void sender_revokes_by_server_id_and_the_recipient_gets_the_REVOKED_copy() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            b.subscribe("q", QUEUE);
            Frame sent = a.chat(bob, "SINGLE", "oops", "c-1");
            b.awaitMessage(QUEUE);

            a.revoke(sent.header("im-message-id"), "rv-1");

            a.awaitReceipt("rv-1");
            assertRevokedCopy(StompClient.json(b.await(RevokeIT::isRevoked)), sent, "c-1");
        }
    }

    @Test
    void revoke_by_another_user_is_rejected_with_NOT_MESSAGE_SENDER_and_nothing_changes() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            a.subscribe("q", QUEUE);
            b.subscribe("q", QUEUE);
            b.subscribe("err", "/user/queue/errors");
            Frame sent = a.chat(bob, "SINGLE", "mine", "c-1");
            b.awaitMessage(QUEUE);

            b.revoke(sent.header("im-message-id"), "rv-1");

            JsonObject rejection = b.awaitRejection();
            assertThat(rejection.getInt("code")).isEqualTo(403);
            assertThat(rejection.getString("error")).isEqualTo("NOT_MESSAGE_SENDER");
            assertThat(rejection.getString("destination")).isEqualTo("/app/chat.revoke");
            assertThat(rejection.getString("receiptId")).isEqualTo("rv-1");
            b.expectNone(f -> f.command() == Command.RECEIPT, QUIET);
            a.expectNone(RevokeIT::isRevoked, Duration.ofMillis(200));
            b.expectNone(RevokeIT::isRevoked, Duration.ofMillis(200));
        }
    }

    @Test
    void revoke_of_a_message_the_user_cannot_see_is_MESSAGE_NOT_FOUND() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String eve = ItEnv.uid("eve");
        Admin.importUsers(alice, bob, eve);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient e = StompClient.connect(ItEnv.userSig(eve))) {
            e.subscribe("err", "/user/queue/errors");
            Frame sent = a.chat(bob, "SINGLE", "private", "c-1");

            e.revoke(sent.header("im-message-id"), "rv-1");

            JsonObject rejection = e.awaitRejection();
            assertThat(rejection.getInt("code")).isEqualTo(404);
            assertThat(rejection.getString("error")).isEqualTo("MESSAGE_NOT_FOUND");
        }
    }

    @Test
    void revoke_after_the_window_is_rejected_with_REVOKE_WINDOW_PASSED() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            a.subscribe("err", "/user/queue/errors");
            b.subscribe("q", QUEUE);
            a.chat(bob, "SINGLE", "too late", "c-1");
            b.awaitMessage(QUEUE);
            pastTheWindow();

            a.revoke("c-1", "rv-1");

            JsonObject rejection = a.awaitRejection();
            assertThat(rejection.getInt("code")).isEqualTo(403);
            assertThat(rejection.getString("error")).isEqualTo("REVOKE_WINDOW_PASSED");
            assertThat(rejection.getString("messageId")).isEqualTo("c-1");
            a.expectNone(f -> f.command() == Command.RECEIPT, QUIET);
            b.expectNone(RevokeIT::isRevoked, Duration.ofMillis(200));
        }
    }

    @Test
    void group_owner_revokes_a_members_message_after_the_window_and_members_get_the_REVOKED_copy_on_the_topic() {
        String owner = ItEnv.uid("owner");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        String group = ItEnv.uid("g");
        String topic = "/topic/group/" + group;
        Admin.importUsers(owner, bob, carol);
        Admin.createGroup(group, owner, bob, carol);
        try (StompClient o = StompClient.connect(ItEnv.userSig(owner));
             StompClient b = StompClient.connect(ItEnv.userSig(bob));
             StompClient c = StompClient.connect(ItEnv.userSig(carol))) {
            b.subscribe("g", topic);
            c.subscribe("g", topic);
            Frame sent = b.chat(group, "GROUP", "spam", "b-1");
            b.awaitMessage(topic);
            c.awaitMessage(topic);
            pastTheWindow();

            o.revoke(sent.header("im-message-id"), "rv-1");

            o.awaitReceipt("rv-1");
            for (StompClient x : new StompClient[] {b, c}) {
                Frame f = x.await(RevokeIT::isRevoked);
                assertThat(f.header("destination")).isEqualTo(topic);
                JsonObject copy = StompClient.json(f);
                assertRevokedCopy(copy, sent, "b-1");
                assertThat(copy.getString("fromId")).isEqualTo(bob);
            }
        }
    }

    @Test
    void plain_group_member_cannot_revoke_another_members_message() {
        String owner = ItEnv.uid("owner");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        String group = ItEnv.uid("g");
        Admin.importUsers(owner, bob, carol);
        Admin.createGroup(group, owner, bob, carol);
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob));
             StompClient c = StompClient.connect(ItEnv.userSig(carol))) {
            c.subscribe("err", "/user/queue/errors");
            Frame sent = b.chat(group, "GROUP", "mine", "b-1");

            c.revoke(sent.header("im-message-id"), "rv-1");

            assertThat(c.awaitRejection().getString("error")).isEqualTo("NOT_MESSAGE_SENDER");
            c.expectNone(f -> f.command() == Command.RECEIPT, QUIET);
        }
    }

    @Test
    void revoking_an_unknown_id_is_rejected_with_MESSAGE_NOT_FOUND() {
        String alice = ItEnv.uid("alice");
        Admin.importUsers(alice);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.subscribe("err", "/user/queue/errors");

            a.revoke("no-such-message", "rv-1");

            JsonObject rejection = a.awaitRejection();
            assertThat(rejection.getInt("code")).isEqualTo(404);
            assertThat(rejection.getString("error")).isEqualTo("MESSAGE_NOT_FOUND");
            assertThat(rejection.getString("messageId")).isEqualTo("no-such-message");
            a.expectNone(f -> f.command() == Command.RECEIPT, QUIET);
        }
    }

    @Test
    void revoking_twice_is_answered_with_a_receipt_and_no_second_notice() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            b.subscribe("q", QUEUE);
            a.chat(bob, "SINGLE", "oops", "c-1");
            b.awaitMessage(QUEUE);
            a.revoke("c-1", "rv-1");
            a.awaitReceipt("rv-1");
            b.await(RevokeIT::isRevoked);

            a.revoke("c-1", "rv-2");

            a.awaitReceipt("rv-2");
            b.expectNone(f -> f.command() == Command.MESSAGE, QUIET);
        }
    }

    @Test
    void a_double_tapped_revoke_sends_one_notice_and_two_receipts() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            b.subscribe("q", QUEUE);
            a.chat(bob, "SINGLE", "oops", "c-1");
            b.awaitMessage(QUEUE);

            // both frames in one WebSocket message: the second is handled before the first is stored
            String body = "{\"appKey\":\"" + ItEnv.APP_KEY + "\",\"messageId\":\"c-1\"}";
            a.sendText("SEND\ndestination:/app/chat.revoke\ncontent-type:application/json\nreceipt:rv-1\n\n" + body
                    + "\0SEND\ndestination:/app/chat.revoke\ncontent-type:application/json\nreceipt:rv-2\n\n" + body + "\0");

            a.awaitReceipt("rv-1");
            a.awaitReceipt("rv-2");
            b.await(RevokeIT::isRevoked);
            b.expectNone(f -> f.command() == Command.MESSAGE, QUIET);
        }
    }

    @Test
    void recipient_offline_during_the_revoke_syncs_the_message_as_REVOKED_without_content() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        String id;
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            id = a.chat(bob, "SINGLE", "secret", "c-1").header("im-message-id");
            a.revoke("c-1", "rv-1");
            a.awaitReceipt("rv-1");
        }
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            b.subscribe("q", QUEUE);
            b.sync(null, "sync-1");
            List<Frame> got = b.messagesUntilReceipt(QUEUE, "sync-1", StompClient.WAIT);
            assertThat(got).hasSize(2);
            JsonObject m = StompClient.json(got.get(0));
            assertThat(m.getString("id")).isEqualTo(id);
            assertThat(m.getString("status")).isEqualTo("REVOKED");
            assertThat(m.getString("content")).isEmpty();
        }
    }

    @Test
    void a_device_offline_during_the_revoke_learns_of_it_on_its_next_sync() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            try (StompClient b = StompClient.connect(ItEnv.userSig(bob), "phone")) {
                b.subscribe("q", QUEUE);
                a.chat(bob, "SINGLE", "regrettable", "c-1");
                assertThat(b.awaitMessage(QUEUE).getString("status")).isEqualTo("SENT");
            }
            a.revoke("c-1", "rv-1");
            a.awaitReceipt("rv-1");
        }
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob), "phone")) {
            b.subscribe("q", QUEUE);
            b.sync(null, "sync-1");
            List<Frame> got = b.messagesUntilReceipt(QUEUE, "sync-1", StompClient.WAIT);
            assertThat(got).anySatisfy(f -> {
                assertThat(f.command()).isEqualTo(Command.MESSAGE);
                JsonObject m = StompClient.json(f);
                assertThat(m.getString("messageId")).isEqualTo("c-1");
                assertThat(m.getString("status")).isEqualTo("REVOKED");
                assertThat(m.getString("content")).isEmpty();
            });
        }
    }
}
