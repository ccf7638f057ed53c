package com.xuqinmin.im.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationOrderTest {

    private final List<Long> passed = new ArrayList<>();
    private final List<long[]> asked = new ArrayList<>();

    private ConversationOrder order(List<MessageStored> inDatabase) {
        return new ConversationOrder(d -> passed.add(d.seq()), (app, cid, after, before) -> {
            asked.add(new long[] {after, before});
            return inDatabase.stream().filter(e -> e.seq() > after && e.seq() < before).toList();
        }, 100);
    }

    private static MessageStored m(long seq) {
        return new MessageStored("app", "s:a:b", false, "a", "b", seq, "{}", null, 0);
    }

    @Test
    void messagesInOrderPassAtOnce() {
        ConversationOrder o = order(List.of());
        o.offer(m(1), 0);
        o.offer(m(2), 0);
        assertThat(passed).containsExactly(1L, 2L);
    }

    @Test
    void aMessageWaitsForItsPredecessorFromAnotherNode() {
        ConversationOrder o = order(List.of());
        o.offer(m(1), 0);
        o.offer(m(3), 10);
        assertThat(passed).containsExactly(1L);
        assertThat(o.heldCount()).isEqualTo(1);
        o.offer(m(2), 20);
        assertThat(passed).containsExactly(1L, 2L, 3L);
        assertThat(o.heldCount()).isZero();
    }

    @Test
    void aGapThatDoesNotArriveIsReadFromTheDatabase() {
        ConversationOrder o = order(List.of(m(2), m(3)));
        o.offer(m(1), 0);
        o.offer(m(4), 0);
        o.tick(50);
        assertThat(passed).containsExactly(1L);
        o.tick(150);
        assertThat(passed).containsExactly(1L, 2L, 3L, 4L);
        assertThat(asked).hasSize(1);
        assertThat(asked.get(0)).containsExactly(1L, 4L);
        // a late copy of a filled seq still passes (the session drops what it already has)
        o.offer(m(5), 200);
        assertThat(passed).endsWith(5L);
    }
}
