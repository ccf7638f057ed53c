package com.xuqinmin.im.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WrittenSeqsTest {

    private static final long SECOND = 1_000_000_000L;

    private final Set<String> unsettled = new HashSet<>();
    private final WrittenSeqs seqs = new WrittenSeqs(10 * SECOND, 2, 0);

    private int sweep(long at) {
        return seqs.sweepIfDue(at, cid -> !unsettled.contains(cid));
    }

    @Test
    void a_seq_is_recorded_once() {
        assertTrue(seqs.add("c1", 1, 1, false));
        assertFalse(seqs.add("c1", 1, 1, false));
        assertTrue(seqs.add("c1", 2, 1, false));
        assertEquals(2, seqs.contiguousEnd("c1", 0));
        assertEquals(5, seqs.contiguousEnd("other", 5));
    }

    @Test
    void many_quiet_conversations_are_forgotten_once_written_and_settled() {
        for (int i = 0; i < 1000; i++) {
            seqs.add("c" + i, 1, 1, false);
            seqs.written("c" + i);
        }
        // too early: nothing goes before a whole interval
        assertEquals(0, sweep(5 * SECOND));
        // the first sweep only marks them untouched; the next forgets them
        assertEquals(0, sweep(10 * SECOND));
        assertEquals(1000, sweep(20 * SECOND));
        assertEquals(0, seqs.size());
        // forgotten: a later sync starts from the stored cursor, which covers seq 1
        assertEquals(0, seqs.contiguousEnd("c7", 0));
    }

    @Test
    void what_is_still_being_written_or_touched_or_unsettled_or_client_acked_is_kept() {
        seqs.add("queued", 1, 1, false); // never written
        seqs.add("busy", 1, 1, false);
        seqs.written("busy");
        seqs.add("gap", 5, 1, false);
        seqs.written("gap");
        unsettled.add("gap"); // the cursor waits for a gap: the connection's knowledge is still needed
        seqs.add("client", 1, 0, true);
        seqs.add("two-subscriptions", 1, 2, false);
        seqs.written("two-subscriptions"); // one copy of two written
        seqs.add("done", 1, 1, false);
        seqs.written("done");

        sweep(10 * SECOND);
        seqs.add("busy", 2, 1, false); // a new seq after the marking sweep
        seqs.written("busy");
        assertEquals(1, sweep(20 * SECOND)); // only "done"
        assertEquals(5, seqs.size());
        assertEquals(1, seqs.contiguousEnd("queued", 0));
        assertEquals(2, seqs.contiguousEnd("busy", 0));
        assertEquals(5, seqs.contiguousEnd("gap", 4));
        assertEquals(1, seqs.contiguousEnd("client", 0));
        assertFalse(seqs.add("two-subscriptions", 1, 2, false));

        // once written and settled, and quiet for an interval, they go (a client-ack one never)
        seqs.written("queued");
        seqs.written("two-subscriptions");
        unsettled.clear();
        assertEquals(4, sweep(30 * SECOND));
        assertEquals(1, seqs.size());
        assertEquals(1, seqs.contiguousEnd("client", 0));
    }

    @Test
    void a_connection_with_few_conversations_keeps_them_all() {
        seqs.add("a", 1, 1, false);
        seqs.written("a");
        seqs.add("b", 1, 1, false);
        seqs.written("b");
        assertEquals(0, sweep(100 * SECOND));
        assertEquals(0, sweep(200 * SECOND));
        assertEquals(2, seqs.size());
    }
}
