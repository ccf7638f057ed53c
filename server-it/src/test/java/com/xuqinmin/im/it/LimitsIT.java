package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The per-session and per-user limits of PROTOCOL.md §6 at their defaults, each shown by what a
 * client gets when it goes one past the limit. Frame size and header count are in {@link FramingIT}.
 */
class LimitsIT {

    private static final String MESSAGES = "/user/queue/messages";
    private static final String ERRORS = "/user/queue/errors";

    private static String importedUser(String prefix) {
        String u = ItEnv.uid(prefix);
        Admin.importUsers(u);
        return u;
    }

    private static String sendFrame(String toId, String msgType, String content, String messageId, String receipt) {
        return "SEND\ndestination:/app/chat.send\ncontent-type:application/json\nreceipt:" + receipt + "\n\n"
                + "{\"appKey\":\"" + ItEnv.APP_KEY + "\",\"messageId\":\"" + messageId + "\",\"toId\":\"" + toId
                + "\",\"chatType\":\"SINGLE\",\"msgType\":\"" + msgType + "\",\"content\":\"" + content + "\"}\0";
    }

    private static boolean isRejection(Frame f) {
        return f.command() == Command.MESSAGE && ERRORS.equals(f.header("destination"));
    }

    // ------------------------------------------------------------------ transactions

    /**
     * A connection's open transactions hold at most 1 MiB of frames: the SEND that would go past it
     * gets ERROR TRANSACTION_TOO_LARGE and the connection closes, and nothing buffered is stored.
     */
    @Test
    void frames_past_a_mebibyte_in_open_transactions_are_an_ERROR_and_nothing_is_stored() {
        String alice = importedUser("alice");
        String bob = importedUser("bob");
        String big = "x".repeat(60_000); // a frame of about 60 KB: within the 64 KiB frame limit
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.sendText("BEGIN\ntransaction:t1\nreceipt:begin\n\n\0");
            a.awaitReceipt("begin");
            for (int i = 0; i < 18; i++) { // 17 fit in 1,048,576 bytes, the 18th does not
                a.sendText(sendFrame(bob, "TEXT", big, "tx-" + i, "r-" + i).replace("SEND\n", "SEND\ntransaction:t1\n"));
            }
            Frame error = a.awaitError();
            assertThat(error.header("error")).isEqualTo("TRANSACTION_TOO_LARGE");
            assertThat(error.header("code")).isEqualTo("413");
            a.awaitClose();
        }
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            assertThat(a.chat(bob, "SINGLE", "after the dropped transaction", "after").header("im-seq"))
                    .as("nothing of the transaction was stored").isEqualTo("1");
        }
    }

    // ------------------------------------------------------------------ SEND rate

    @Test
    void sends_beyond_the_burst_of_100_are_rejected_rate_limited_without_receipt() {
        String alice = importedUser("alice");
        String bob = importedUser("bob");
        int total = 150;
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.subscribe("e", ERRORS);
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < total; i++) {
                all.append(sendFrame(bob, "TEXT", "burst " + i, ItEnv.uid("m"), "r-" + i));
            }
            a.sendText(all.toString()); // all at once: one WebSocket message

            Set<String> receipted = new HashSet<>();
            Set<String> rejected = new HashSet<>();
            while (receipted.size() + rejected.size() < total) {
                Frame f = a.await(x -> x.command() == Command.RECEIPT || isRejection(x));
                if (f.command() == Command.RECEIPT) {
                    receipted.add(f.header("receipt-id"));
                } else {
                    JsonObject r = StompClient.json(f);
                    assertThat(r.getInt("code")).isEqualTo(429);
                    assertThat(r.getString("status")).isEqualTo("1");
                    assertThat(r.getString("error")).isEqualTo("RATE_LIMITED");
                    assertThat(r.getString("destination")).isEqualTo("/app/chat.send");
                    rejected.add(r.getString("receiptId"));
                }
            }
            assertThat(receipted).hasSizeGreaterThanOrEqualTo(100);
            for (int i = 0; i < 100; i++) {
                assertThat(receipted).as("the burst covers the first 100").contains("r-" + i);
            }
            assertThat(rejected).isNotEmpty().doesNotContainAnyElementsOf(receipted);
            a.expectNone(x -> x.command() == Command.RECEIPT || isRejection(x), Duration.ofMillis(500));
            assertThat(a.isClosed()).isFalse();
        }
    }

    /**
     * A SEND buffered in a transaction pays the rate limit when it arrives: a second transaction
     * sent right after a first of 100 SENDs (the whole burst) gets its SENDs rejected RATE_LIMITED
     * as they come, and its COMMIT is refused as a whole, while the first commits all 100.
     */
    @Test
    void sends_buffered_in_a_transaction_pay_the_rate_limit_as_they_arrive_and_a_refused_one_sinks_its_commit() {
        String alice = importedUser("alice");
        String bob = importedUser("bob");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.subscribe("e", ERRORS);
            StringBuilder all = new StringBuilder("BEGIN\ntransaction:t1\n\n\0BEGIN\ntransaction:t2\n\n\0");
            for (int i = 0; i < 100; i++) {
                all.append(sendFrame(bob, "TEXT", "t1 " + i, "t1-" + i, "r1-" + i).replace("SEND\n", "SEND\ntransaction:t1\n"));
            }
            for (int i = 0; i < 60; i++) {
                all.append(sendFrame(bob, "TEXT", "t2 " + i, "t2-" + i, "r2-" + i).replace("SEND\n", "SEND\ntransaction:t2\n"));
            }
            a.sendText(all.toString()); // one WebSocket message: 160 SENDs at once, 60 past the burst

            JsonObject limited = StompClient.json(a.await(LimitsIT::isRejection));
            assertThat(limited.getString("error")).isEqualTo("RATE_LIMITED");
            assertThat(limited.getString("message")).contains("transaction t2 will not commit");
            assertThat(limited.getString("receiptId")).startsWith("r2-");

            a.sendText("COMMIT\ntransaction:t2\nreceipt:c2\n\n\0");
            JsonObject sunk = StompClient.json(a.await(f -> isRejection(f) && "c2".equals(StompClient.json(f).getString("receiptId", null))));
            assertThat(sunk.getString("error")).isEqualTo("RATE_LIMITED");
            assertThat(sunk.getString("message")).contains("none of it was done");

            a.sendText("COMMIT\ntransaction:t1\nreceipt:c1\n\n\0");
            List<Frame> receipts = a.collect(f -> f.command() == Command.RECEIPT && f.header("receipt-id").startsWith("r1-"),
                    100, StompClient.WAIT);
            assertThat(receipts).hasSize(100);
            a.awaitReceipt("c1");
            assertThat(a.isClosed()).isFalse();
        }
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            assertThat(a.chat(bob, "SINGLE", "after the two transactions", "after-tx").header("im-seq"))
                    .as("t1's 100 were stored, nothing of t2").isEqualTo("101");
        }
    }

    /** However many subscriptions to /user/queue/errors a session makes, a rejection reaches it once. */
    @Test
    void a_rejection_goes_once_to_a_session_with_fifty_subscriptions_to_its_errors() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            StringBuilder subs = new StringBuilder();
            for (int i = 1; i <= 50; i++) {
                subs.append("SUBSCRIBE\nid:e").append(i).append("\ndestination:").append(ERRORS)
                        .append("\nreceipt:sub-").append(i).append("\n\n\0");
            }
            a.sendText(subs.toString());
            a.awaitReceipt("sub-50");
            a.sendJson("/app/chat.send", "{\"toId\":\"bad id!\",\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\",\"content\":\"x\"}", "bad");
            Frame got = a.await(LimitsIT::isRejection);
            assertThat(got.header("subscription")).as("the oldest subscription").isEqualTo("e1");
            assertThat(StompClient.json(got).getString("error")).isEqualTo("VALIDATION_FAILED");
            a.expectNone(LimitsIT::isRejection, Duration.ofSeconds(1)); // not 49 more copies
        }
    }

    // ------------------------------------------------------------------ sessions per user

    @Test
    void an_eleventh_session_kicks_the_oldest_with_error_kicked_and_the_other_ten_stay() {
        String alice = importedUser("alice");
        String bob = importedUser("bob");
        List<StompClient> sessions = new ArrayList<>();
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            for (int i = 0; i < 10; i++) {
                StompClient c = StompClient.connect(ItEnv.userSig(alice), "device" + i);
                sessions.add(c);
                c.subscribe("s1", MESSAGES);
            }
            StompClient eleventh = StompClient.connect(ItEnv.userSig(alice), "device10");
            sessions.add(eleventh);
            eleventh.subscribe("s1", MESSAGES);

            StompClient oldest = sessions.get(0);
            Frame kicked = oldest.awaitError();
            assertThat(kicked.header("message")).isEqualTo("Kicked");
            oldest.awaitClose();

            b.chat(alice, "SINGLE", "to every session", ItEnv.uid("m"));
            for (StompClient c : sessions.subList(1, 11)) {
                assertThat(c.awaitMessage(MESSAGES).getString("content")).isEqualTo("to every session");
                assertThat(c.isClosed()).isFalse();
            }
        } finally {
            sessions.forEach(StompClient::close);
        }
    }

    // ------------------------------------------------------------------ subscriptions per session

    @Test
    void a_thousand_subscriptions_succeed_and_the_next_is_rejected_too_many_subscriptions() {
        String alice = importedUser("alice");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.subscribe("e", ERRORS); // the first of the thousand
            StringBuilder batch = new StringBuilder();
            for (int i = 2; i <= 1000; i++) {
                batch.append("SUBSCRIBE\nid:s").append(i).append("\ndestination:").append(MESSAGES)
                        .append("\nreceipt:sub-").append(i).append("\n\n\0");
            }
            a.sendText(batch.toString());
            for (int i = 2; i <= 1000; i++) {
                a.awaitReceipt("sub-" + i);
            }

            a.sendText("SUBSCRIBE\nid:s1001\ndestination:" + MESSAGES + "\nreceipt:sub-1001\n\n\0");
            JsonObject r = StompClient.json(a.await(LimitsIT::isRejection));
            assertThat(r.getInt("code")).isEqualTo(429);
            assertThat(r.getString("status")).isEqualTo("1");
            assertThat(r.getString("error")).isEqualTo("TOO_MANY_SUBSCRIPTIONS");
            assertThat(r.getString("receiptId")).isEqualTo("sub-1001");
            a.expectNone(f -> f.command() == Command.RECEIPT, Duration.ofMillis(500));
            assertThat(a.isClosed()).isFalse();
        }
    }

    // ------------------------------------------------------------------ content size

    @Test
    void text_content_of_8000_characters_is_accepted() {
        String alice = importedUser("alice");
        String bob = importedUser("bob");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            b.subscribe("s1", MESSAGES);
            a.sendText(sendFrame(bob, "TEXT", "字".repeat(8000), ItEnv.uid("m"), "r-8000"));
            a.awaitReceipt("r-8000");
            assertThat(b.awaitMessage(MESSAGES).getString("content")).hasSize(8000);
        }
    }

    @Test
    void text_content_of_8001_characters_is_rejected_content_too_large() {
        String alice = importedUser("alice");
        String bob = importedUser("bob");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.subscribe("e", ERRORS);
            a.sendText(sendFrame(bob, "TEXT", "字".repeat(8001), "m-8001", "r-8001"));
            assertContentTooLarge(a, "m-8001", "r-8001");
        }
    }

    @Test
    void image_content_of_16_kib_is_accepted() {
        String alice = importedUser("alice");
        String bob = importedUser("bob");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.sendText(sendFrame(bob, "IMAGE", "i".repeat(16 * 1024), ItEnv.uid("m"), "r-16k"));
            a.awaitReceipt("r-16k");
        }
    }

    @Test
    void image_content_of_16_kib_plus_one_byte_is_rejected_content_too_large() {
        String alice = importedUser("alice");
        String bob = importedUser("bob");
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.subscribe("e", ERRORS);
            a.sendText(sendFrame(bob, "IMAGE", "i".repeat(16 * 1024 + 1), "m-16k1", "r-16k1"));
            assertContentTooLarge(a, "m-16k1", "r-16k1");
        }
    }

    private static void assertContentTooLarge(StompClient a, String messageId, String receipt) {
        JsonObject r = StompClient.json(a.await(LimitsIT::isRejection));
        assertThat(r.getInt("code")).isEqualTo(413);
        assertThat(r.getString("status")).isEqualTo("1");
        assertThat(r.getString("error")).isEqualTo("CONTENT_TOO_LARGE");
        assertThat(r.getString("messageId")).isEqualTo(messageId);
        assertThat(r.getString("receiptId")).isEqualTo(receipt);
        a.expectNone(f -> f.command() == Command.RECEIPT, Duration.ofMillis(500));
        assertThat(a.isClosed()).isFalse();
    }
}
