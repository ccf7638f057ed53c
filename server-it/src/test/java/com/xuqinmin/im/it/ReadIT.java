package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Read receipts (PROTOCOL.md §4): {@code /app/chat.read} and the READ notices it causes. */
class ReadIT {

    private static final String QUEUE = "/user/queue/messages";
    private static final Duration QUIET = Duration.ofMillis(800);

    private static boolean isReadNotice(Frame f) {
        return f.command() == Command.MESSAGE && QUEUE.equals(f.header("destination"))
                && "READ".equals(StompClient.json(f).getString("type", ""));
    }

    private static String single(String a, String b) {
        return a.compareTo(b) <= 0 ? "s:" + a + ":" + b : "s:" + b + ":" + a;
    }

    @Test
    void read_is_answered_with_a_receipt_and_the_peer_gets_a_READ_notice() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        String conversation = single(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            a.subscribe("q", QUEUE);
            for (int i = 1; i <= 3; i++) {
                a.chat(bob, "SINGLE", "m" + i, "c-" + i);
            }

            b.read(conversation, 2, "rd-1");

            Frame receipt = b.awaitReceipt("rd-1");
            assertThat(receipt.header("im-read-seq")).isEqualTo("2");
            JsonObject notice = StompClient.json(a.await(ReadIT::isReadNotice));
            assertThat(notice.getString("conversationId")).isEqualTo(conversation);
            assertThat(notice.getString("userId")).isEqualTo(bob);
            assertThat(notice.getJsonNumber("seq").longValue()).isEqualTo(2);
        }
    }

    @Test
    void the_readers_other_sessions_learn_about_the_read_but_not_the_reading_session() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        String conversation = single(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b1 = StompClient.connect(ItEnv.userSig(bob), "phone");
             StompClient b2 = StompClient.connect(ItEnv.userSig(bob), "desktop")) {
            b1.subscribe("q", QUEUE);
            b2.subscribe("q", QUEUE);
            a.chat(bob, "SINGLE", "hello", "c-1");

            b1.read(conversation, 1, "rd-1");

            b1.awaitReceipt("rd-1");
            JsonObject notice = StompClient.json(b2.await(ReadIT::isReadNotice));
            assertThat(notice.getString("userId")).isEqualTo(bob);
            assertThat(notice.getJsonNumber("seq").longValue()).isEqualTo(1);
            b1.expectNone(ReadIT::isReadNotice, Duration.ofMillis(500));
        }
    }

    @Test
    void reading_again_up_to_the_same_seq_is_answered_but_not_announced_again() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        String conversation = single(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            a.subscribe("q", QUEUE);
            a.chat(bob, "SINGLE", "m1", "c-1");
            a.chat(bob, "SINGLE", "m2", "c-2");
            b.read(conversation, 2, "rd-1");
            b.awaitReceipt("rd-1");
            a.await(ReadIT::isReadNotice);

            b.read(conversation, 2, "rd-2");
            b.read(conversation, 1, "rd-3");

            b.awaitReceipt("rd-2");
            b.awaitReceipt("rd-3");
            a.expectNone(ReadIT::isReadNotice, QUIET);
        }
    }

    @Test
    void reading_past_the_last_message_counts_up_to_the_last_message() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        String conversation = single(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            a.subscribe("q", QUEUE);
            a.chat(bob, "SINGLE", "m1", "c-1");
            a.chat(bob, "SINGLE", "m2", "c-2");

            b.read(conversation, 99, "rd-1");

            assertThat(b.awaitReceipt("rd-1").header("im-read-seq")).isEqualTo("2");
            assertThat(StompClient.json(a.await(ReadIT::isReadNotice)).getJsonNumber("seq").longValue()).isEqualTo(2);
        }
    }

    @Test
    void in_a_group_the_senders_of_the_read_messages_get_the_READ_notice_and_other_members_do_not() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        String dave = ItEnv.uid("dave");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, bob, carol, dave);
        Admin.createGroup(group, alice, bob, carol, dave);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob));
             StompClient c = StompClient.connect(ItEnv.userSig(carol));
             StompClient d = StompClient.connect(ItEnv.userSig(dave))) {
            a.subscribe("q", QUEUE);
            b.subscribe("q", QUEUE);
            c.subscribe("q", QUEUE);
            a.chat(group, "GROUP", "from alice", "a-1"); // 1
            c.chat(group, "GROUP", "from carol", "c-1"); // 2
            b.chat(group, "GROUP", "from bob", "b-1");   // 3, not read below

            d.read("g:" + group, 2, "rd-1");

            d.awaitReceipt("rd-1");
            for (StompClient sender : new StompClient[] {a, c}) {
                JsonObject notice = StompClient.json(sender.await(ReadIT::isReadNotice));
                assertThat(notice.getString("conversationId")).isEqualTo("g:" + group);
                assertThat(notice.getString("userId")).isEqualTo(dave);
                assertThat(notice.getJsonNumber("seq").longValue()).isEqualTo(2);
            }
            b.expectNone(ReadIT::isReadNotice, QUIET);
        }
    }

    @Test
    void reading_a_single_chat_you_are_not_in_is_rejected_with_NOT_CONVERSATION_MEMBER() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String eve = ItEnv.uid("eve");
        Admin.importUsers(alice, bob, eve);
        String conversation = single(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient e = StompClient.connect(ItEnv.userSig(eve))) {
            a.subscribe("q", QUEUE);
            a.chat(bob, "SINGLE", "private", "c-1");
            e.subscribe("err", "/user/queue/errors");

            e.read(conversation, 1, "rd-1");

            JsonObject rejection = e.awaitRejection();
            assertThat(rejection.getInt("code")).isEqualTo(403);
            assertThat(rejection.getString("error")).isEqualTo("NOT_CONVERSATION_MEMBER");
            assertThat(rejection.getString("destination")).isEqualTo("/app/chat.read");
            assertThat(rejection.getString("receiptId")).isEqualTo("rd-1");
            e.expectNone(f -> f.command() == Command.RECEIPT, QUIET);
            a.expectNone(ReadIT::isReadNotice, Duration.ofMillis(200));
        }
    }

    @Test
    void reading_a_group_conversation_you_are_not_in_is_rejected_with_NOT_CONVERSATION_MEMBER() {
        String alice = ItEnv.uid("alice");
        String eve = ItEnv.uid("eve");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, eve);
        Admin.createGroup(group, alice);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient e = StompClient.connect(ItEnv.userSig(eve))) {
            a.subscribe("q", QUEUE);
            a.chat(group, "GROUP", "members only", "a-1");
            e.subscribe("err", "/user/queue/errors");

            e.read("g:" + group, 1, "rd-1");
            e.read("g:" + ItEnv.uid("nogroup"), 1, "rd-2");

            JsonObject first = e.awaitRejection();
            assertThat(first.getInt("code")).isEqualTo(403);
            assertThat(first.getString("error")).isEqualTo("NOT_CONVERSATION_MEMBER");
            // a group that does not exist reads the same: nothing tells a stranger which groups exist
            JsonObject second = e.awaitRejection();
            assertThat(second.getString("error")).isEqualTo("NOT_CONVERSATION_MEMBER");
            e.expectNone(f -> f.command() == Command.RECEIPT, QUIET);
            a.expectNone(ReadIT::isReadNotice, Duration.ofMillis(200));
        }
    }

    @Test
    void reading_right_after_receiving_on_a_fresh_device_is_always_answered() {
        // each reader has just received its first message of the conversation, so its delivered cursor
        // row is being created in the background at about the time the read creates its read cursor
        int rounds = 40;
        String alice = ItEnv.uid("alice");
        String[] bobs = new String[rounds];
        for (int i = 0; i < rounds; i++) {
            bobs[i] = ItEnv.uid("bob");
        }
        Admin.importUsers(alice);
        Admin.importUsers(bobs);
        List<StompClient> clients = new ArrayList<>();
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            for (String bob : bobs) {
                StompClient b = StompClient.connect(ItEnv.userSig(bob));
                b.subscribe("q", QUEUE);
                b.subscribe("err", "/user/queue/errors");
                clients.add(b);
            }
            for (int i = 0; i < rounds; i++) {
                StompClient b = clients.get(i);
                a.chatNoWait(bobs[i], "SINGLE", "read me", "c-" + i);
                JsonObject m = b.awaitMessage(QUEUE);
                b.read(m.getString("conversationId"), 1, "rd-" + i);
            }
            for (int i = 0; i < rounds; i++) {
                Frame f = clients.get(i).await(x -> x.command() == Command.RECEIPT
                        || (x.command() == Command.MESSAGE && "/user/queue/errors".equals(x.header("destination"))));
                assertThat(f.command()).as("answer to read %d: %s", i, f.bodyText()).isEqualTo(Command.RECEIPT);
            }
        } finally {
            clients.forEach(StompClient::close);
        }
    }
}
