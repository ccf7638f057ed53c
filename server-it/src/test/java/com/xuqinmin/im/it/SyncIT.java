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
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Offline sync (PROTOCOL.md §4): what a device gets from {@code /app/chat.sync} after being away,
 * page by page, counted per device.
 */
class SyncIT {

    private static final String QUEUE = "/user/queue/messages";

    /** One sync answer: the messages it delivered, in order, and its RECEIPT. */
    record Page(List<JsonObject> messages, Frame receipt) {
        boolean more() {
            return Boolean.parseBoolean(receipt.header("im-sync-more"));
        }

        List<Long> seqs() {
            return messages.stream().map(m -> m.getJsonNumber("seq").longValue()).toList();
        }

        List<String> clientIds() {
            return messages.stream().map(m -> m.getString("messageId")).toList();
        }
    }

    static Page sync(StompClient c, Integer limit, String receipt) {
        c.sync(limit, receipt);
        List<Frame> frames = c.messagesUntilReceipt(QUEUE, receipt, Duration.ofSeconds(30));
        List<JsonObject> messages = new ArrayList<>();
        for (Frame f : frames.subList(0, frames.size() - 1)) {
            messages.add(StompClient.json(f));
        }
        return new Page(messages, frames.get(frames.size() - 1));
    }

    private static List<Long> range(long from, long to) {
        return IntStream.rangeClosed((int) from, (int) to).mapToObj(i -> (long) i).toList();
    }

    @Test
    void offline_messages_arrive_on_sync_in_seq_order_then_the_receipt_and_a_second_sync_is_empty() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            for (int i = 1; i <= 5; i++) {
                a.chat(bob, "SINGLE", "msg" + i, "c-" + i);
            }
        }
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            b.subscribe("q", QUEUE);

            Page first = sync(b, null, "sync-1");
            assertThat(first.seqs()).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(first.clientIds()).containsExactly("c-1", "c-2", "c-3", "c-4", "c-5");
            assertThat(first.messages()).allSatisfy(m -> {
                assertThat(m.getString("fromId")).isEqualTo(alice);
                assertThat(m.getString("toId")).isEqualTo(bob);
                assertThat(m.getString("status")).isEqualTo("SENT");
            });
            assertThat(first.receipt().header("im-sync-more")).isEqualTo("false");

            Page second = sync(b, null, "sync-2");
            assertThat(second.messages()).isEmpty();
            assertThat(second.receipt().header("im-sync-more")).isEqualTo("false");
        }
    }

    @Test
    void sync_pages_by_limit_until_more_is_false_and_returns_every_message_once() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.chatPaced(bob, "SINGLE", "p", 30, 40);
            a.collect(f -> f.command() == Command.RECEIPT, 30, Duration.ofSeconds(30));
        }
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            b.subscribe("q", QUEUE);
            List<Long> all = new ArrayList<>();
            Page page;
            int n = 0;
            do {
                page = sync(b, 10, "sync-" + (++n));
                assertThat(page.messages()).hasSizeLessThanOrEqualTo(10);
                if (page.more()) {
                    assertThat(page.messages()).hasSize(10);
                }
                all.addAll(page.seqs());
                assertThat(n).isLessThanOrEqualTo(5);
            } while (page.more());

            assertThat(all).containsExactlyElementsOf(range(1, 30));
            assertThat(n).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void a_device_that_synced_does_not_consume_another_devices_backlog() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            for (int i = 1; i <= 3; i++) {
                a.chat(bob, "SINGLE", "msg" + i, "c-" + i);
            }
        }
        try (StompClient phone = StompClient.connect(ItEnv.userSig(bob), "phone")) {
            phone.subscribe("q", QUEUE);
            assertThat(sync(phone, null, "s-1").seqs()).containsExactly(1L, 2L, 3L);
        }
        try (StompClient desktop = StompClient.connect(ItEnv.userSig(bob), "desktop")) {
            desktop.subscribe("q", QUEUE);
            Page p = sync(desktop, null, "s-1");
            assertThat(p.seqs()).containsExactly(1L, 2L, 3L);
            assertThat(p.more()).isFalse();
        }
        try (StompClient phone = StompClient.connect(ItEnv.userSig(bob), "phone")) {
            phone.subscribe("q", QUEUE);
            assertThat(sync(phone, null, "s-2").messages()).isEmpty();
        }
    }

    @Test
    void messages_received_live_are_not_returned_by_a_later_sync_on_the_same_device() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            try (StompClient b = StompClient.connect(ItEnv.userSig(bob), "phone")) {
                b.subscribe("q", QUEUE);
                for (int i = 1; i <= 3; i++) {
                    a.chat(bob, "SINGLE", "live" + i, "c-" + i);
                }
                b.collect(f -> f.command() == Command.MESSAGE, 3, StompClient.WAIT);
            }
            a.chat(bob, "SINGLE", "while away", "c-4");
        }
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob), "phone")) {
            b.subscribe("q", QUEUE);
            Page p = sync(b, null, "s-1");
            assertThat(p.clientIds()).containsExactly("c-4");
            assertThat(p.seqs()).containsExactly(4L);
        }
    }

    /**
     * A session that has been written messages of many conversations forgets, after a quiet while,
     * which seqs it wrote (server memory stays bounded on long-lived sessions); a sync then starts
     * from the device's stored cursor and still writes nothing twice.
     */
    @Test
    void a_long_session_in_many_conversations_gets_nothing_twice_from_a_later_sync() throws Exception {
        String bob = ItEnv.uid("bob");
        int conversations = 40; // above the 32 a connection keeps whatever happens
        List<String> senders = IntStream.range(0, conversations + 2).mapToObj(i -> ItEnv.uid("s" + i)).toList();
        List<String> all = new ArrayList<>(senders);
        all.add(bob);
        Admin.importUsers(all.toArray(String[]::new));
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob), "phone")) {
            b.subscribe("q", QUEUE);
            for (int i = 0; i < conversations; i++) {
                serverSend(senders.get(i), bob, "m-" + i);
            }
            assertThat(b.collect(f -> f.command() == Command.MESSAGE, conversations, StompClient.WAIT)).hasSize(conversations);
            // one sweep marks the quiet conversations, the next (at least 10 s later, on a delivery) forgets them
            Thread.sleep(11_000);
            serverSend(senders.get(conversations), bob, "m-late-1");
            Thread.sleep(11_000);
            serverSend(senders.get(conversations + 1), bob, "m-late-2");
            List<Frame> late = b.collect(f -> f.command() == Command.MESSAGE, 2, StompClient.WAIT);
            assertThat(late).extracting(f -> StompClient.json(f).getString("content"))
                    .containsExactly("m-late-1", "m-late-2");

            Page p = sync(b, null, "s-1");
            assertThat(p.messages()).as("nothing written before comes again").isEmpty();
            assertThat(p.more()).isFalse();
        }
    }

    private static void serverSend(String from, String to, String content) {
        Admin.Reply r = Admin.post("/api/im/admin/messages/send", "{\"fromId\":\"" + from + "\",\"toId\":\"" + to
                + "\",\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\",\"content\":\"" + content + "\"}");
        assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
    }

    @Test
    void own_messages_sent_from_another_device_arrive_on_sync_but_not_on_the_sending_device() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient phone = StompClient.connect(ItEnv.userSig(alice), "phone")) {
            phone.subscribe("q", QUEUE);
            phone.chat(bob, "SINGLE", "from my phone", "c-1");
            phone.chat(bob, "SINGLE", "again", "c-2");
            assertThat(sync(phone, null, "s-1").messages()).isEmpty();
        }
        try (StompClient desktop = StompClient.connect(ItEnv.userSig(alice), "desktop")) {
            desktop.subscribe("q", QUEUE);
            assertThat(sync(desktop, null, "s-1").clientIds()).containsExactly("c-1", "c-2");
        }
    }

    @Test
    void group_messages_sent_while_a_member_was_offline_arrive_by_sync_on_the_personal_queue() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, bob);
        Admin.createGroup(group, alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.chat(group, "GROUP", "g1", "g-1");
            a.chat(bob, "SINGLE", "s1", "s-1");
            a.chat(group, "GROUP", "g2", "g-2");
        }
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            b.subscribe("q", QUEUE);
            Page p = sync(b, null, "s-1");
            assertThat(p.messages()).hasSize(3);
            List<JsonObject> groupOnes = p.messages().stream()
                    .filter(m -> m.getString("conversationId").equals("g:" + group)).toList();
            assertThat(groupOnes).extracting(m -> m.getString("messageId")).containsExactly("g-1", "g-2");
            assertThat(groupOnes).extracting(m -> m.getJsonNumber("seq").longValue()).containsExactly(1L, 2L);
            assertThat(groupOnes).allSatisfy(m -> assertThat(m.getString("chatType")).isEqualTo("GROUP"));
            assertThat(p.clientIds()).contains("s-1");
            assertThat(p.more()).isFalse();
        }
    }

    @Test
    void a_member_added_later_does_not_get_the_groups_history_from_before_it_joined() {
        String alice = ItEnv.uid("alice");
        String dave = ItEnv.uid("dave");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, dave);
        Admin.createGroup(group, alice);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.chat(group, "GROUP", "old1", "g-1");
            a.chat(group, "GROUP", "old2", "g-2");
            Admin.addMembers(group, dave);
            a.chat(group, "GROUP", "new", "g-3");
        }
        try (StompClient d = StompClient.connect(ItEnv.userSig(dave))) {
            d.subscribe("q", QUEUE);
            Page p = sync(d, null, "s-1");
            assertThat(p.clientIds()).containsExactly("g-3");
            assertThat(p.seqs()).containsExactly(3L);
        }
    }

    @Test
    void sync_without_a_subscription_to_the_personal_queue_is_rejected_with_NOT_SUBSCRIBED() {
        String bob = ItEnv.uid("bob");
        Admin.importUsers(bob);
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            b.subscribe("err", "/user/queue/errors");

            b.sync(null, "s-1");

            JsonObject rejection = b.awaitRejection();
            assertThat(rejection.getString("error")).isEqualTo("NOT_SUBSCRIBED");
            assertThat(rejection.getString("status")).isEqualTo("1");
            assertThat(rejection.getString("destination")).isEqualTo("/app/chat.sync");
            assertThat(rejection.getString("receiptId")).isEqualTo("s-1");
            b.expectNone(f -> f.command() == Command.RECEIPT, Duration.ofMillis(700));
            assertThat(b.isClosed()).isFalse();
        }
    }

    @Test
    void a_sync_limit_above_500_is_capped_at_500() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        int perSender = 174; // 3 x 174 = 522
        List<StompClient> senders = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                senders.add(StompClient.connect(ItEnv.userSig(alice), "dev" + i));
            }
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                StompClient s = senders.get(i);
                String prefix = "d" + i;
                running.add(CompletableFuture.runAsync(() -> {
                    s.chatPaced(bob, "SINGLE", prefix, perSender, 45);
                    s.collect(f -> f.command() == Command.RECEIPT, perSender, Duration.ofSeconds(60));
                }));
            }
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        } finally {
            senders.forEach(StompClient::close);
        }
        int total = 3 * perSender;
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            b.subscribe("q", QUEUE);

            Page first = sync(b, 1000, "s-1");
            assertThat(first.messages()).hasSize(500);
            assertThat(first.more()).isTrue();
            assertThat(first.seqs()).containsExactlyElementsOf(range(1, 500));

            Page second = sync(b, 1000, "s-2");
            assertThat(second.seqs()).containsExactlyElementsOf(range(501, total));
            assertThat(second.more()).isFalse();
            Set<String> ids = new HashSet<>(first.clientIds());
            ids.addAll(second.clientIds());
            assertThat(ids).hasSize(total);
        }
    }

    @Test
    void a_member_added_back_gets_only_what_was_said_after_it_rejoined_and_nothing_twice() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String group = ItEnv.uid("g");
        String topic = "/topic/group/" + group;
        Admin.importUsers(alice, bob);
        Admin.createGroup(group, alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            try (StompClient b = StompClient.connect(ItEnv.userSig(bob), "phone")) {
                b.subscribe("g", topic);
                a.chat(group, "GROUP", "first", "g-1");
                b.awaitMessage(topic);
            }
            Admin.removeMember(group, bob);
            a.chat(group, "GROUP", "while bob was out", "g-2");
            a.chat(group, "GROUP", "still out", "g-3");
            Admin.addMembers(group, bob);
            try (StompClient b = StompClient.connect(ItEnv.userSig(bob), "phone")) {
                b.subscribe("g", topic);
                b.subscribe("q", QUEUE);
                assertThat(sync(b, null, "s-1").messages()).isEmpty();
                a.chat(group, "GROUP", "welcome back", "g-4");
                assertThat(b.awaitMessage(topic).getString("messageId")).isEqualTo("g-4");
            }
            a.chat(group, "GROUP", "after bob left again", "g-5");
        }
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob), "phone")) {
            b.subscribe("q", QUEUE);
            assertThat(sync(b, null, "s-2").clientIds()).containsExactly("g-5");
        }
    }
}
