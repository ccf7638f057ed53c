package com.xuqinmin.im.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import org.junit.jupiter.api.Test;

/** What a connection's open transactions hold, in bytes: counted when buffered, given back when they end. */
class TransactionsTest {

    private static Frame send(String tx, int bodyBytes) {
        return Frame.builder(Command.SEND).header("destination", "/app/chat.send").header("transaction", tx)
                .body(new byte[bodyBytes]).build();
    }

    @Test
    void bytes_are_bounded_over_all_open_transactions_and_released_at_their_end() {
        Frame fa = send("a", 1000);
        long one = Transactions.bytesOf(fa);
        assertThat(one).isEqualTo(1000 + "destination".length() + "/app/chat.send".length() + 2
                + "transaction".length() + 1 + 2);
        Transactions t = new Transactions();
        t.begin("a");
        t.begin("b");
        assertThat(t.add("a", fa, 2 * one)).isTrue();
        assertThat(t.add("b", send("b", 1000), 2 * one)).isTrue();
        assertThat(t.add("b", send("b", 0), 2 * one)).as("both transactions count against the bound").isFalse();
        assertThat(t.size("a")).isEqualTo(1);
        assertThat(t.size("b")).as("the refused frame is not buffered").isEqualTo(1);

        assertThat(t.end("a")).containsExactly(fa);
        assertThat(t.size("a")).isEqualTo(-1);
        assertThat(t.add("b", send("b", 1000), 2 * one)).as("what a held is given back").isTrue();
        assertThat(t.add("b", send("b", 0), 2 * one)).isFalse();
        assertThat(t.end("nope")).isNull();
        t.clear();
        t.begin("c");
        assertThat(t.add("c", fa, one)).as("clear gives everything back").isTrue();
    }

    @Test
    void a_connection_without_transactions_answers_every_question_and_can_begin_after_a_clear() {
        Transactions t = new Transactions();
        assertThat(t.count()).isZero();
        assertThat(t.isOpen("x")).isFalse();
        assertThat(t.size("x")).isEqualTo(-1);
        assertThat(t.refusal("x")).isNull();
        assertThat(t.end("x")).isNull();
        t.clear();
        t.begin("x");
        assertThat(t.count()).isEqualTo(1);
        assertThat(t.end("x")).isEmpty();
        assertThat(t.count()).isZero();
    }
}
