package com.xuqinmin.im.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Seq allocation on a real database: gap-free, distinct, safe when senders race. */
class SequencesTest {

    private static TestDatabase db;

    @BeforeAll
    static void open() {
        db = new TestDatabase();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static Conversation conv(String a, String b) {
        return Conversation.single("ak_test", a, b, 1L);
    }

    @Test
    void a_group_commit_advances_known_conversations_and_creates_new_ones() {
        db.inTx(em -> Sequences.allocate(em, conv("k1", "k2"), 3));
        long[] firsts = db.inTx(em -> Sequences.allocateAll(em, List.of(conv("k1", "k2"), conv("k1", "k3"),
                Conversation.group("ak_test", "team-k", 1L)), new int[] {2, 4, 1}));
        assertThat(firsts).containsExactly(4, 1, 1);
        Conversation created = db.inTx(em -> em.find(Conversation.class,
                new Conversation.Key("ak_test", conv("k3", "k1").getConversationId())));
        assertThat(created.getLastSeq()).isEqualTo(4);
        assertThat(created.getChatType()).isEqualTo(ChatType.SINGLE);
        assertThat(List.of(created.getUserA(), created.getUserB())).containsExactly("k1", "k3");
        Conversation group = db.inTx(em -> em.find(Conversation.class,
                new Conversation.Key("ak_test", ConversationId.group("team-k"))));
        assertThat(group.getGroupId()).isEqualTo("team-k");
        assertThat(group.getChatType()).isEqualTo(ChatType.GROUP);
        long[] next = db.inTx(em -> Sequences.allocateAll(em, List.of(conv("k1", "k2"), conv("k1", "k3")),
                new int[] {1, 1}));
        assertThat(next).containsExactly(6, 5);
    }

    @Test
    void first_allocation_creates_the_conversation_and_starts_at_one() {
        long first = db.inTx(em -> Sequences.allocate(em, conv("u1", "u2"), 3));
        assertThat(first).isEqualTo(1);
        long next = db.inTx(em -> Sequences.allocate(em, conv("u2", "u1"), 2));
        assertThat(next).isEqualTo(4);
    }

    @Test
    void a_rolled_back_allocation_gives_its_range_back() {
        db.inTx(em -> Sequences.allocate(em, conv("r1", "r2"), 1));
        try {
            db.inTx(em -> {
                Sequences.allocate(em, conv("r1", "r2"), 5);
                throw new IllegalStateException("store failed");
            });
        } catch (IllegalStateException expected) {
            // the insert of the messages failed: nothing of this range may remain
        }
        long after = db.inTx(em -> Sequences.allocate(em, conv("r1", "r2"), 1));
        assertThat(after).isEqualTo(2);
    }

    @Test
    void concurrent_senders_get_distinct_gap_free_ranges() throws Exception {
        db.inTx(em -> Sequences.allocate(em, conv("c1", "c2"), 1)); // exists, so nobody races on creation
        int threads = 8;
        int rounds = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<long[]>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int size = 1 + t % 3;
            Callable<List<long[]>> job = () -> {
                List<long[]> ranges = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    long first = db.inTx(em -> Sequences.allocate(em, conv("c1", "c2"), size));
                    ranges.add(new long[] {first, first + size - 1});
                }
                return ranges;
            };
            results.add(pool.submit(job));
        }
        BitSet seen = new BitSet();
        seen.set(1);
        int total = 1;
        for (Future<List<long[]>> f : results) {
            for (long[] r : f.get()) {
                for (long s = r[0]; s <= r[1]; s++) {
                    assertThat(seen.get((int) s)).as("seq %d given twice", s).isFalse();
                    seen.set((int) s);
                    total++;
                }
            }
        }
        pool.shutdown();
        assertThat(seen.cardinality()).isEqualTo(total);
        assertThat(seen.nextClearBit(1)).as("no gaps").isEqualTo(total + 1);
    }
}
