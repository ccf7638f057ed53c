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
    void bytes_are_counted_over_all_open_transactions_and_released_at_their_end() {
        Transactions t = new Transactions();
        t.begin("a");
        t.begin("b");
        Frame fa = send("a", 1000);
        long one = Transactions.size(fa);
        assertThat(one).isEqualTo(1000 + "destination".length() + "/app/chat.send".length() + 2
                + "transaction".length() + 1 + 2);
        assertThat(t.bytesWith(fa)).isEqualTo(one);
        t.add("a", fa);
        t.add("b", send("b", 1000));
        assertThat(t.bytesWith(send("a", 0))).as("both transactions count").isGreaterThan(2 * one);

        assertThat(t.end("a")).hasSize(1);
        assertThat(t.bytesWith(fa)).as("what a held is given back").isEqualTo(2 * one);
        assertThat(t.end("nope")).isNull();
        t.clear();
        assertThat(t.bytesWith(fa)).isEqualTo(one);
    }
}
