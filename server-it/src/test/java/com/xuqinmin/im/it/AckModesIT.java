package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * STOMP ack modes and transactions (PROTOCOL.md §2): what counts as received on {@code client} and
 * {@code client-individual} subscriptions, and BEGIN/COMMIT/ABORT around chat.send.
 */
class AckModesIT {

    private static final String QUEUE = "/user/queue/messages";
    private static final Duration QUIET = Duration.ofMillis(800);

    private static boolean isChat(Frame f) {
        return f.command() == Command.MESSAGE && QUEUE.equals(f.header("destination"))
                && StompClient.json(f).containsKey("seq");
    }

    /** Sends {@code count} messages alice → bob, c-1 … c-count. */
    private static void send(String alice, String bob, int count) {
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            for (int i = 1; i <= count; i++) {
                a.chat(bob, "SINGLE", "m" + i, "c-" + i);
            }
        }
    }

    /** What a fresh session of the device gets from a full sync, as seqs. */
    private static List<Long> syncedSeqs(String user, String device) {
        try (StompClient c = StompClient.connect(ItEnv.userSig(user), device)) {
            c.subscribe("q", QUEUE);
            return SyncIT.sync(c, null, "s-after").seqs();
        }
    }

    @Test
    void messages_on_a_client_ack_subscription_carry_an_ack_header_and_auto_ones_do_not() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b1 = StompClient.connect(ItEnv.userSig(bob), "phone");
             StompClient b2 = StompClient.connect(ItEnv.userSig(bob), "desktop")) {
            b1.subscribe("q", QUEUE, "client");
            b2.subscribe("q", QUEUE, "auto");
            a.chat(bob, "SINGLE", "hi", "c-1");

            Frame f = b1.await(AckModesIT::isChat);
            assertThat(f.header("ack")).isNotBlank();
            assertThat(f.header("message-id")).isNotBlank();
            assertThat(b2.await(AckModesIT::isChat).header("ack")).isNull();
        }
    }

    @Test
    void client_ack_of_the_latest_message_acknowledges_the_earlier_ones_too() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob), "phone")) {
            b.subscribe("q", QUEUE, "client");
            send(alice, bob, 3);
            List<Frame> got = b.collect(AckModesIT::isChat, 3, StompClient.WAIT);

            b.ack(got.get(2).header("ack"), "ack-3");
            b.awaitReceipt("ack-3");
        }
        assertThat(syncedSeqs(bob, "phone")).isEmpty();
    }

    @Test
    void unacknowledged_client_ack_messages_come_back_on_the_next_sessions_sync() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob), "phone")) {
            b.subscribe("q", QUEUE, "client");
            send(alice, bob, 3);
            b.collect(AckModesIT::isChat, 3, StompClient.WAIT);
        }
        assertThat(syncedSeqs(bob, "phone")).containsExactly(1L, 2L, 3L);
    }

    @Test
    void nacked_messages_come_back_on_the_next_sessions_sync() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob), "phone")) {
            b.subscribe("q", QUEUE, "client-individual");
            send(alice, bob, 3);
            List<Frame> got = b.collect(AckModesIT::isChat, 3, StompClient.WAIT);

            b.ack(got.get(0).header("ack"), "ack-1");
            b.nack(got.get(1).header("ack"), "nack-2");
            b.nack(got.get(2).header("ack"), "nack-3");
            b.awaitReceipt("ack-1");
            b.awaitReceipt("nack-2");
            b.awaitReceipt("nack-3");
        }
        assertThat(syncedSeqs(bob, "phone")).containsExactly(2L, 3L);
    }

    @Test
    void client_individual_acks_one_message_at_a_time() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob), "phone")) {
            b.subscribe("q", QUEUE, "client-individual");
            b.subscribe("err", "/user/queue/errors");
            send(alice, bob, 3);
            List<Frame> got = b.collect(AckModesIT::isChat, 3, StompClient.WAIT);

            b.ack(got.get(2).header("ack"), "ack-3");
            b.awaitReceipt("ack-3");
            // the earlier one was not covered by that ACK: acknowledging it is still accepted
            b.ack(got.get(0).header("ack"), "ack-1");
            b.awaitReceipt("ack-1");
            b.expectNone(f -> f.command() == Command.MESSAGE && "/user/queue/errors".equals(f.header("destination")),
                    Duration.ofMillis(300));
        }
        List<Long> again = syncedSeqs(bob, "phone");
        assertThat(again).contains(2L).doesNotContain(1L);
    }

    @Test
    void client_mode_ack_covers_earlier_messages_so_acking_one_of_them_afterwards_is_unknown() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob), "phone")) {
            b.subscribe("q", QUEUE, "client");
            b.subscribe("err", "/user/queue/errors");
            send(alice, bob, 2);
            List<Frame> got = b.collect(AckModesIT::isChat, 2, StompClient.WAIT);
            b.ack(got.get(1).header("ack"), "ack-2");
            b.awaitReceipt("ack-2");

            b.ack(got.get(0).header("ack"), "ack-1");

            assertThat(b.awaitRejection().getString("status")).isEqualTo("1");
            b.expectNone(f -> f.command() == Command.RECEIPT && "ack-1".equals(f.header("receipt-id")), QUIET);
        }
    }

    @Test
    void ack_of_an_unknown_id_is_rejected_on_the_errors_queue_and_the_connection_stays_open() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            b.subscribe("q", QUEUE, "client");
            b.subscribe("err", "/user/queue/errors");

            b.ack("no-such-ack-id", "ack-x");

            JsonObject rejection = b.awaitRejection();
            assertThat(rejection.getString("status")).isEqualTo("1");
            assertThat(rejection.getInt("code")).isEqualTo(404);
            assertThat(rejection.getString("receiptId")).isEqualTo("ack-x");
            b.expectNone(f -> f.command() == Command.RECEIPT && "ack-x".equals(f.header("receipt-id")), QUIET);
            assertThat(b.isClosed()).isFalse();
            // still usable
            send(alice, bob, 1);
            assertThat(b.await(AckModesIT::isChat).header("ack")).isNotBlank();
        }
    }

    @Test
    void acking_a_notice_on_a_client_ack_subscription_is_accepted_and_covers_the_messages_before_it() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        String conversation = alice.compareTo(bob) <= 0 ? "s:" + alice + ":" + bob : "s:" + bob + ":" + alice;
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob), "phone")) {
            b.subscribe("q", QUEUE, "client");
            b.subscribe("err", "/user/queue/errors");
            a.chat(bob, "SINGLE", "hello", "c-1");
            b.await(AckModesIT::isChat);
            a.read(conversation, 1, "rd-1"); // bob's message list shows alice read it: a READ notice
            Frame notice = b.await(f -> f.command() == Command.MESSAGE && QUEUE.equals(f.header("destination"))
                    && "READ".equals(StompClient.json(f).getString("type", "")));
            assertThat(notice.header("ack")).isNotBlank();

            // a client that ACKs the last frame it saw (what stompjs apps do)
            b.ack(notice.header("ack"), "ack-n");

            b.awaitReceipt("ack-n");
            b.expectNone(f -> f.command() == Command.MESSAGE && "/user/queue/errors".equals(f.header("destination")),
                    Duration.ofMillis(300));
        }
        assertThat(syncedSeqs(bob, "phone")).isEmpty();
    }

    // ------------------------------------------------------------------ transactions

    private static String sendFrame(String tx, String toId, String chatType, String clientId) {
        return "SEND\ndestination:/app/chat.send\ncontent-type:application/json\ntransaction:" + tx + "\nreceipt:r-"
                + clientId + "\n\n" + StompClient.chatBody(toId, chatType, "in " + tx, clientId) + "\0";
    }

    @Test
    void a_committed_transaction_stores_both_sends_with_consecutive_seqs_and_receipts_after_the_commit() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            b.subscribe("q", QUEUE);
            a.sendText("BEGIN\ntransaction:tx1\nreceipt:begin\n\n\0");
            a.awaitReceipt("begin");
            a.sendText(sendFrame("tx1", bob, "SINGLE", "t-1"));
            a.sendText(sendFrame("tx1", bob, "SINGLE", "t-2"));
            a.expectNone(f -> f.command() == Command.RECEIPT, Duration.ofMillis(500));
            b.expectNone(f -> f.command() == Command.MESSAGE, Duration.ofMillis(100));

            a.sendText("COMMIT\ntransaction:tx1\nreceipt:commit\n\n\0");

            Frame r1 = a.awaitReceipt("r-t-1");
            Frame r2 = a.awaitReceipt("r-t-2");
            a.awaitReceipt("commit");
            assertThat(Long.parseLong(r2.header("im-seq"))).isEqualTo(Long.parseLong(r1.header("im-seq")) + 1);
            List<Frame> got = b.collect(AckModesIT::isChat, 2, StompClient.WAIT);
            assertThat(got).extracting(f -> StompClient.json(f).getString("messageId")).containsExactly("t-1", "t-2");
            assertThat(got).extracting(f -> StompClient.json(f).getString("id"))
                    .containsExactly(r1.header("im-message-id"), r2.header("im-message-id"));
        }
    }

    @Test
    void an_aborted_transaction_stores_and_delivers_nothing() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            b.subscribe("q", QUEUE);
            a.sendText("BEGIN\ntransaction:tx1\n\n\0");
            a.sendText(sendFrame("tx1", bob, "SINGLE", "t-1"));
            a.sendText("ABORT\ntransaction:tx1\nreceipt:abort\n\n\0");

            a.awaitReceipt("abort");
            a.expectNone(f -> f.command() == Command.RECEIPT && "r-t-1".equals(f.header("receipt-id")), QUIET);
            b.expectNone(f -> f.command() == Command.MESSAGE, Duration.ofMillis(100));
            // nothing was stored: the next message is the conversation's first
            assertThat(a.chat(bob, "SINGLE", "after abort", "c-1").header("im-seq")).isEqualTo("1");
            assertThat(StompClient.json(b.await(AckModesIT::isChat)).getString("messageId")).isEqualTo("c-1");
        }
        assertThat(syncedSeqs(bob, "other-device")).containsExactly(1L);
    }

    @Test
    void commit_of_an_unknown_transaction_is_an_ERROR() {
        String alice = ItEnv.uid("alice");
        Admin.importUsers(alice);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.sendText("COMMIT\ntransaction:nope\nreceipt:commit\n\n\0");

            Frame error = a.awaitError();
            assertThat(error.header("error")).isEqualTo("UNKNOWN_TRANSACTION");
            assertThat(error.header("code")).isEqualTo("400");
            a.awaitClose();
        }
    }

    @Test
    void a_transaction_across_several_conversations_is_stored_and_delivered_as_a_whole() {
        String alice = ItEnv.uid("alice");
        String[] peers = {ItEnv.uid("bob"), ItEnv.uid("carol"), ItEnv.uid("dave"), ItEnv.uid("erin")};
        Admin.importUsers(alice, peers[0], peers[1], peers[2], peers[3]);
        StompClient[] clients = new StompClient[peers.length];
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            for (int i = 0; i < peers.length; i++) {
                clients[i] = StompClient.connect(ItEnv.userSig(peers[i]));
                clients[i].subscribe("q", QUEUE);
            }
            StringBuilder batch = new StringBuilder("BEGIN\ntransaction:tx1\n\n\0");
            for (int i = 0; i < peers.length; i++) {
                batch.append(sendFrame("tx1", peers[i], "SINGLE", "t-" + i));
            }
            a.sendText(batch.append("COMMIT\ntransaction:tx1\nreceipt:commit\n\n\0").toString());

            a.awaitReceipt("commit");
            for (int i = 0; i < peers.length; i++) {
                Frame r = a.awaitReceipt("r-t-" + i);
                assertThat(r.header("im-seq")).isEqualTo("1");
                JsonObject m = StompClient.json(clients[i].await(AckModesIT::isChat));
                assertThat(m.getString("messageId")).isEqualTo("t-" + i);
                assertThat(m.getString("id")).isEqualTo(r.header("im-message-id"));
            }
        } finally {
            for (StompClient c : clients) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    @Test
    void a_transaction_with_one_refused_send_stores_and_delivers_none_of_its_messages() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, bob, carol);
        Admin.createGroup(group, carol); // alice is not a member
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            a.subscribe("err", "/user/queue/errors");
            b.subscribe("q", QUEUE);
            a.sendText("BEGIN\ntransaction:tx1\n\n\0" + sendFrame("tx1", bob, "SINGLE", "t-1")
                    + sendFrame("tx1", group, "GROUP", "t-2") + "COMMIT\ntransaction:tx1\nreceipt:commit\n\n\0");

            JsonObject rejection = a.awaitRejection();
            assertThat(rejection.getString("error")).isEqualTo("NOT_GROUP_MEMBER");
            assertThat(rejection.getString("receiptId")).isEqualTo("commit");
            a.expectNone(f -> f.command() == Command.RECEIPT, QUIET);
            b.expectNone(f -> f.command() == Command.MESSAGE, Duration.ofMillis(100));
            assertThat(a.chat(bob, "SINGLE", "after", "c-1").header("im-seq")).isEqualTo("1");
        }
    }

    @Test
    void committing_the_same_transaction_again_after_a_lost_receipt_stores_and_delivers_nothing_twice() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            b.subscribe("q", QUEUE);
            a.sendText("BEGIN\ntransaction:tx1\n\n\0" + sendFrame("tx1", bob, "SINGLE", "t-1")
                    + sendFrame("tx1", bob, "SINGLE", "t-2") + "COMMIT\ntransaction:tx1\nreceipt:commit-1\n\n\0");
            a.awaitReceipt("commit-1");
            Frame first1 = a.awaitReceipt("r-t-1");
            Frame first2 = a.awaitReceipt("r-t-2");
            b.collect(AckModesIT::isChat, 2, StompClient.WAIT);

            // the client never saw those receipts (say the network dropped): it sends the same unit again
            a.sendText("BEGIN\ntransaction:tx2\n\n\0" + sendFrame("tx2", bob, "SINGLE", "t-1")
                    + sendFrame("tx2", bob, "SINGLE", "t-2") + "COMMIT\ntransaction:tx2\nreceipt:commit-2\n\n\0");

            a.awaitReceipt("commit-2");
            Frame again1 = a.awaitReceipt("r-t-1");
            Frame again2 = a.awaitReceipt("r-t-2");
            assertThat(again1.header("im-message-id")).isEqualTo(first1.header("im-message-id"));
            assertThat(again1.header("im-seq")).isEqualTo(first1.header("im-seq"));
            assertThat(again2.header("im-message-id")).isEqualTo(first2.header("im-message-id"));
            b.expectNone(f -> f.command() == Command.MESSAGE, QUIET);
            assertThat(a.chat(bob, "SINGLE", "next", "c-3").header("im-seq")).isEqualTo("3");
        }
    }
}
