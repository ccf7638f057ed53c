package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Group chat over real WebSockets: the topic, who may subscribe and send, seqs, and membership changes. */
class GroupChatIT {

    private static final Duration QUIET = Duration.ofMillis(800);

    private static String topic(String groupId) {
        return "/topic/group/" + groupId;
    }

    private static boolean isMessage(Frame f) {
        return f.command() == Command.MESSAGE && !"/user/queue/errors".equals(f.header("destination"));
    }

    @Test
    void members_receive_group_messages_on_the_topic_including_the_senders_own_session() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, bob, carol);
        Admin.createGroup(group, alice, bob, carol);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob));
             StompClient c = StompClient.connect(ItEnv.userSig(carol))) {
            a.subscribe("g", topic(group));
            b.subscribe("g", topic(group));
            c.subscribe("g", topic(group));

            Frame receipt = a.chat(group, "GROUP", "hi all", "m-1");
            assertThat(receipt.header("im-seq")).isEqualTo("1");

            for (StompClient x : new StompClient[] {a, b, c}) {
                Frame f = x.await(GroupChatIT::isMessage);
                assertThat(f.header("destination")).isEqualTo(topic(group));
                assertThat(f.header("subscription")).isEqualTo("g");
                JsonObject m = StompClient.json(f);
                assertThat(m.getString("id")).isEqualTo(receipt.header("im-message-id"));
                assertThat(m.getString("messageId")).isEqualTo("m-1");
                assertThat(m.getString("fromId")).isEqualTo(alice);
                assertThat(m.getString("toId")).isEqualTo(group);
                assertThat(m.getString("chatType")).isEqualTo("GROUP");
                assertThat(m.getString("content")).isEqualTo("hi all");
                assertThat(m.getString("status")).isEqualTo("SENT");
                assertThat(m.getString("conversationId")).isEqualTo("g:" + group);
                assertThat(m.getJsonNumber("seq").longValue()).isEqualTo(1);
            }
            // one copy each, not one per member
            for (StompClient x : new StompClient[] {a, b, c}) {
                x.expectNone(GroupChatIT::isMessage, QUIET);
            }
        }
    }

    @Test
    void non_member_subscribe_is_rejected_with_NOT_GROUP_MEMBER_without_receipt_and_gets_nothing_afterwards() {
        String alice = ItEnv.uid("alice");
        String eve = ItEnv.uid("eve");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, eve);
        Admin.createGroup(group, alice);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient e = StompClient.connect(ItEnv.userSig(eve))) {
            e.subscribe("err", "/user/queue/errors");
            e.send(Frame.builder(Command.SUBSCRIBE).header("id", "g").header("destination", topic(group))
                    .header("receipt", "sub-g").build());

            JsonObject rejection = e.awaitRejection();
            assertThat(rejection.getInt("code")).isEqualTo(403);
            assertThat(rejection.getString("status")).isEqualTo("1");
            assertThat(rejection.getString("error")).isEqualTo("NOT_GROUP_MEMBER");
            assertThat(rejection.getString("destination")).isEqualTo(topic(group));
            assertThat(rejection.getString("receiptId")).isEqualTo("sub-g");
            e.expectNone(f -> f.command() == Command.RECEIPT && "sub-g".equals(f.header("receipt-id")), QUIET);

            a.chat(group, "GROUP", "members only", "m-1");
            e.expectNone(GroupChatIT::isMessage, QUIET);
            assertThat(e.isClosed()).isFalse();
        }
    }

    @Test
    void non_member_send_to_a_group_is_rejected_with_NOT_GROUP_MEMBER_and_not_delivered() {
        String alice = ItEnv.uid("alice");
        String eve = ItEnv.uid("eve");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, eve);
        Admin.createGroup(group, alice);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient e = StompClient.connect(ItEnv.userSig(eve))) {
            a.subscribe("g", topic(group));
            e.subscribe("err", "/user/queue/errors");

            e.chatNoWait(group, "GROUP", "let me in", "x-1");

            JsonObject rejection = e.awaitRejection();
            assertThat(rejection.getInt("code")).isEqualTo(403);
            assertThat(rejection.getString("error")).isEqualTo("NOT_GROUP_MEMBER");
            assertThat(rejection.getString("messageId")).isEqualTo("x-1");
            assertThat(rejection.getString("destination")).isEqualTo("/app/chat.send");
            assertThat(rejection.getString("receiptId")).isEqualTo("r-x-1");
            e.expectNone(f -> f.command() == Command.RECEIPT, QUIET);
            a.expectNone(GroupChatIT::isMessage, Duration.ofMillis(300));

            // nothing was stored: the group's first real message is seq 1
            assertThat(a.chat(group, "GROUP", "first", "m-1").header("im-seq")).isEqualTo("1");
        }
    }

    @Test
    void group_seq_counts_one_two_three_per_conversation() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String g1 = ItEnv.uid("g");
        String g2 = ItEnv.uid("g");
        Admin.importUsers(alice, bob);
        Admin.createGroup(g1, alice, bob);
        Admin.createGroup(g2, alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            b.subscribe("g1", topic(g1));
            assertThat(a.chat(g1, "GROUP", "one", "m-1").header("im-seq")).isEqualTo("1");
            assertThat(b.chat(g1, "GROUP", "two", "m-2").header("im-seq")).isEqualTo("2");
            assertThat(a.chat(g2, "GROUP", "other group", "m-3").header("im-seq")).isEqualTo("1");
            assertThat(a.chat(bob, "SINGLE", "single chat", "m-4").header("im-seq")).isEqualTo("1");
            assertThat(a.chat(g1, "GROUP", "three", "m-5").header("im-seq")).isEqualTo("3");

            for (long expected = 1; expected <= 3; expected++) {
                JsonObject m = b.awaitMessage(topic(g1));
                assertThat(m.getJsonNumber("seq").longValue()).isEqualTo(expected);
                assertThat(m.getString("conversationId")).isEqualTo("g:" + g1);
            }
        }
    }

    @Test
    void member_added_through_the_admin_api_can_subscribe_and_receive() {
        String alice = ItEnv.uid("alice");
        String dave = ItEnv.uid("dave");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, dave);
        Admin.createGroup(group, alice);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient d = StompClient.connect(ItEnv.userSig(dave))) {
            a.chat(group, "GROUP", "before dave", "m-1");

            Admin.addMembers(group, dave);

            d.subscribe("g", topic(group)); // waits for the RECEIPT
            Frame receipt = a.chat(group, "GROUP", "welcome dave", "m-2");
            JsonObject m = d.awaitMessage(topic(group));
            assertThat(m.getString("id")).isEqualTo(receipt.header("im-message-id"));
            assertThat(m.getString("content")).isEqualTo("welcome dave");
            assertThat(m.getJsonNumber("seq").longValue()).isEqualTo(2);

            // and the new member may send
            assertThat(d.chat(group, "GROUP", "thanks", "d-1").header("im-seq")).isEqualTo("3");
        }
    }

    @Test
    void member_removed_through_the_admin_api_stops_receiving_at_once_and_its_sends_are_rejected() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, bob);
        Admin.createGroup(group, alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            a.subscribe("g", topic(group));
            b.subscribe("g", topic(group));
            b.subscribe("err", "/user/queue/errors");
            a.chat(group, "GROUP", "still here", "m-1");
            b.awaitMessage(topic(group));
            a.awaitMessage(topic(group));

            Admin.removeMember(group, bob);

            a.chat(group, "GROUP", "bob is gone", "m-2");
            assertThat(a.awaitMessage(topic(group)).getString("messageId")).isEqualTo("m-2");
            b.expectNone(GroupChatIT::isMessage, QUIET);

            b.chatNoWait(group, "GROUP", "can I still talk?", "b-1");
            JsonObject rejection = b.awaitRejection();
            assertThat(rejection.getString("error")).isEqualTo("NOT_GROUP_MEMBER");
            assertThat(rejection.getString("messageId")).isEqualTo("b-1");
            b.expectNone(f -> f.command() == Command.RECEIPT && "r-b-1".equals(f.header("receipt-id")), QUIET);
            a.expectNone(GroupChatIT::isMessage, Duration.ofMillis(300));
        }
    }

    @Test
    void removed_member_can_neither_resubscribe_nor_keep_a_second_session_subscribed() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, bob);
        Admin.createGroup(group, alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b1 = StompClient.connect(ItEnv.userSig(bob), "phone");
             StompClient b2 = StompClient.connect(ItEnv.userSig(bob), "desktop")) {
            b1.subscribe("g", topic(group));
            b2.subscribe("g", topic(group));
            b1.subscribe("err", "/user/queue/errors");

            Admin.removeMember(group, bob);

            a.chat(group, "GROUP", "after removal", "m-1");
            b1.expectNone(GroupChatIT::isMessage, QUIET);
            b2.expectNone(GroupChatIT::isMessage, Duration.ofMillis(200));

            b1.send(Frame.builder(Command.SUBSCRIBE).header("id", "g2").header("destination", topic(group))
                    .header("receipt", "sub-g2").build());
            assertThat(b1.awaitRejection().getString("error")).isEqualTo("NOT_GROUP_MEMBER");
            b1.expectNone(f -> f.command() == Command.RECEIPT && "sub-g2".equals(f.header("receipt-id")), QUIET);
        }
    }

    @Test
    void removed_members_sync_does_not_return_the_groups_later_messages() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, bob);
        Admin.createGroup(group, alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.chat(group, "GROUP", "bob may read this", "m-1");
            Admin.removeMember(group, bob);
            a.chat(group, "GROUP", "but not this", "m-2");
        }
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            b.subscribe("q", "/user/queue/messages");
            SyncIT.Page p = SyncIT.sync(b, null, "s-1");
            assertThat(p.clientIds()).doesNotContain("m-2");
        }
    }
}
