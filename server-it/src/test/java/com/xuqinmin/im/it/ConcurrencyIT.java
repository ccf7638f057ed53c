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
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Many sessions sending to one conversation at once: every message is stored once, gets its own
 * seq, and reaches a subscriber exactly once and in seq order, live and by sync. Senders pace
 * themselves at 45/s, under the server's SEND rate of 50/s per session.
 */
class ConcurrencyIT {

    private static final double PACE = 45;
    private static final Duration LONG = Duration.ofSeconds(120);

    private static boolean isReceiptOrRejection(Frame f) {
        return f.command() == Command.RECEIPT
                || (f.command() == Command.MESSAGE && "/user/queue/errors".equals(f.header("destination")));
    }

    /** Sends {@code count} messages from {@code c} paced at 45/s and returns the im-seq of every RECEIPT. */
    private static List<Long> sendAndCollectSeqs(StompClient c, String toId, String chatType, String prefix, int count) {
        c.chatPaced(toId, chatType, prefix, count, PACE);
        List<Frame> answers = c.collect(ConcurrencyIT::isReceiptOrRejection, count, LONG);
        List<Long> seqs = new ArrayList<>(count);
        for (Frame f : answers) {
            if (f.command() != Command.RECEIPT) {
                throw new AssertionError("a send was refused: " + f.bodyText());
            }
            seqs.add(Long.parseLong(f.header("im-seq")));
        }
        return seqs;
    }

    private static List<Long> seqsOf(List<Frame> frames) {
        return frames.stream().map(f -> StompClient.json(f).getJsonNumber("seq").longValue()).toList();
    }

    private static void record(Frame f, String topic, String queue, List<Long> seqs) {
        if (f.command() != Command.MESSAGE || !(topic.equals(f.header("destination")) || queue.equals(f.header("destination")))) {
            throw new AssertionError("unexpected frame " + f + " " + f.bodyText());
        }
        seqs.add(StompClient.json(f).getJsonNumber("seq").longValue());
    }

    private static List<Long> oneTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    @Test
    void five_members_sending_400_each_to_a_group_at_once_give_one_gap_free_ordered_stream() throws Exception {
        int senders = 5;
        int each = 400;
        int total = senders * each;
        String group = ItEnv.uid("g");
        String[] members = new String[senders + 1];
        for (int i = 0; i < members.length; i++) {
            members[i] = ItEnv.uid("m" + i);
        }
        Admin.importUsers(members);
        String[] others = new String[senders];
        System.arraycopy(members, 1, others, 0, senders);
        Admin.createGroup(group, members[0], others);
        String listener = members[senders];
        String topic = "/topic/group/" + group;

        List<StompClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try (StompClient l = StompClient.connect(ItEnv.userSig(listener), "phone")) {
            l.subscribe("g", topic);
            for (int i = 0; i < senders; i++) {
                StompClient c = StompClient.connect(ItEnv.userSig(members[i]));
                c.subscribe("err", "/user/queue/errors");
                clients.add(c);
            }
            List<Future<List<Long>>> sent = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                StompClient c = clients.get(i);
                String prefix = "s" + i;
                sent.add(pool.submit(() -> sendAndCollectSeqs(c, group, "GROUP", prefix, each)));
            }

            List<Frame> live = l.collect(f -> f.command() == Command.MESSAGE && topic.equals(f.header("destination")),
                    total, LONG);

            Set<Long> union = new TreeSet<>();
            for (Future<List<Long>> f : sent) {
                List<Long> seqs = f.get();
                assertThat(seqs).hasSize(each).doesNotHaveDuplicates();
                union.addAll(seqs);
            }
            assertThat(union).hasSize(total).containsExactlyElementsOf(oneTo(total));

            assertThat(seqsOf(live)).containsExactlyElementsOf(oneTo(total));
            Set<String> ids = new HashSet<>();
            for (Frame f : live) {
                ids.add(StompClient.json(f).getString("id"));
            }
            assertThat(ids).hasSize(total);
            l.expectNone(f -> f.command() == Command.MESSAGE, Duration.ofMillis(500));
        } finally {
            pool.shutdownNow();
            clients.forEach(StompClient::close);
        }

        // a device that was never online catches up by sync, page by page
        try (StompClient fresh = StompClient.connect(ItEnv.userSig(listener), "fresh-device")) {
            fresh.subscribe("q", "/user/queue/messages");
            List<Long> synced = new ArrayList<>();
            SyncIT.Page page;
            int pages = 0;
            do {
                page = SyncIT.sync(fresh, 500, "sync-" + (++pages));
                assertThat(page.messages()).hasSizeLessThanOrEqualTo(500);
                assertThat(page.messages()).allSatisfy(m -> assertThat(m.getString("conversationId"))
                        .isEqualTo("g:" + group));
                synced.addAll(page.seqs());
                assertThat(pages).isLessThanOrEqualTo(6);
            } while (page.more());
            assertThat(synced).containsExactlyElementsOf(oneTo(total));
        }
    }

    @Test
    void four_devices_of_one_user_sending_300_each_to_a_peer_give_one_gap_free_ordered_stream() throws Exception {
        int devices = 4;
        int each = 300;
        int total = devices * each;
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);

        List<StompClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(devices);
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            b.subscribe("q", "/user/queue/messages");
            for (int i = 0; i < devices; i++) {
                StompClient c = StompClient.connect(ItEnv.userSig(alice), "device" + i);
                c.subscribe("err", "/user/queue/errors");
                clients.add(c);
            }
            List<Future<List<Long>>> sent = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                StompClient c = clients.get(i);
                String prefix = "d" + i;
                sent.add(pool.submit(() -> sendAndCollectSeqs(c, bob, "SINGLE", prefix, each)));
            }

            List<Frame> live = b.collect(f -> f.command() == Command.MESSAGE
                    && "/user/queue/messages".equals(f.header("destination")), total, LONG);

            Set<Long> union = new TreeSet<>();
            for (Future<List<Long>> f : sent) {
                union.addAll(f.get());
            }
            assertThat(union).containsExactlyElementsOf(oneTo(total));
            assertThat(seqsOf(live)).containsExactlyElementsOf(oneTo(total));
            Set<String> clientIds = new HashSet<>();
            for (Frame f : live) {
                JsonObject m = StompClient.json(f);
                assertThat(m.getString("fromId")).isEqualTo(alice);
                clientIds.add(m.getString("messageId"));
            }
            assertThat(clientIds).hasSize(total);
            b.expectNone(f -> f.command() == Command.MESSAGE, Duration.ofMillis(500));
        } finally {
            pool.shutdownNow();
            clients.forEach(StompClient::close);
        }
    }

    @Test
    void a_device_that_syncs_while_messages_keep_arriving_gets_every_message_exactly_once() throws Exception {
        int total = 300;
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, bob);
        Admin.createGroup(group, alice, bob);
        String topic = "/topic/group/" + group;
        String queue = "/user/queue/messages";

        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.subscribe("err", "/user/queue/errors");
            Future<List<Long>> sent = pool.submit(() -> sendAndCollectSeqs(a, group, "GROUP", "x", total));
            Thread.sleep(2_000); // about 90 are stored before bob comes online

            try (StompClient b = StompClient.connect(ItEnv.userSig(bob), "tablet")) {
                b.subscribe("g", topic);
                b.subscribe("q", queue);
                // every chat message this session gets, live on the topic or by sync on the queue, in arrival order
                List<Long> seqs = new ArrayList<>();
                boolean more = true;
                for (int n = 1; more; n++) {
                    assertThat(n).isLessThanOrEqualTo(total);
                    String receipt = "sync-" + n;
                    b.sync(20, receipt);
                    for (;;) {
                        Frame f = b.next(Duration.ofSeconds(30));
                        if (f.command() == Command.RECEIPT && receipt.equals(f.header("receipt-id"))) {
                            more = Boolean.parseBoolean(f.header("im-sync-more"));
                            break;
                        }
                        record(f, topic, queue, seqs);
                    }
                }
                assertThat(sent.get()).hasSize(total);
                while (seqs.size() < total) {
                    record(b.next(Duration.ofSeconds(30)), topic, queue, seqs);
                }
                b.expectNone(f -> f.command() == Command.MESSAGE, Duration.ofMillis(500));

                assertThat(seqs).doesNotHaveDuplicates();
                assertThat(new TreeSet<>(seqs)).containsExactlyElementsOf(oneTo(total));
                // and the device is caught up: nothing more to sync
                b.sync(null, "sync-last");
                b.awaitReceipt("sync-last");
                b.expectNone(f -> f.command() == Command.MESSAGE, Duration.ofMillis(300));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
