package com.xuqinmin.im.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import com.xuqinmin.im.stomp.OutboundFrame;
import jakarta.websocket.CloseReason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a connection's socket closes (gateway/Outbound.java), on a transport whose writes complete when the test says. */
class OutboundTest {

    /** A transport that holds each write until {@link #complete} and records closes. */
    private static final class HeldTransport implements Transport {
        final List<Done> pending = new ArrayList<>();
        final List<String> closes = new ArrayList<>();
        final List<String> later = new ArrayList<>();
        int writes;

        @Override
        public void writeHeartbeat(Done done) {
            writes++;
            pending.add(done);
        }

        @Override
        public void write(List<OutboundFrame> frames, Done done) {
            writes++;
            pending.add(done);
        }

        @Override
        public String name() {
            return "held";
        }

        @Override
        public void close(CloseReason reason) {
            closes.add(reason.getCloseCode().getCode() + " " + reason.getReasonPhrase());
        }

        @Override
        public void closeLater(CloseReason reason, long delayMillis) {
            later.add(reason.getCloseCode().getCode() + " after " + delayMillis + " ms");
        }

        void complete(Throwable failure) {
            pending.remove(0).done(failure);
        }
    }

    private final HeldTransport transport = new HeldTransport();
    private final Outbound outbound = new Outbound("c1", transport, new ConnectionState(), new Acks(10), 100, 1 << 20,
            new Outbound.Written() {
                @Override
                public void received(String conversationId, long seq) {
                }

                @Override
                public boolean settled(String conversationId) {
                    return true;
                }
            });

    private static final CloseReason OVERFLOW = new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "overflow");

    private static Frame receipt(String id) {
        return Frame.builder(Command.RECEIPT).header("receipt-id", id).build();
    }

    @Test
    void an_abort_with_no_write_in_flight_closes_at_once() {
        outbound.abort(OVERFLOW);
        assertThat(transport.closes).containsExactly("1013 overflow");
        assertThat(transport.later).isEmpty();
    }

    @Test
    void an_abort_while_a_write_is_in_flight_closes_when_that_write_completes() {
        outbound.send(receipt("a"));
        outbound.send(receipt("b"));
        assertThat(transport.writes).isEqualTo(1);
        outbound.abort(OVERFLOW);
        assertThat(transport.closes).as("not beside the pending write").isEmpty();
        assertThat(transport.later).as("but at the latest when a completion never comes")
                .containsExactly("1013 after " + Outbound.CLOSE_AFTER_WRITE_MAX_MS + " ms");
        transport.complete(null);
        assertThat(transport.closes).containsExactly("1013 overflow");
        assertThat(transport.writes).as("what was queued behind is dropped").isEqualTo(1);
    }

    @Test
    void an_abort_while_a_write_is_in_flight_closes_when_that_write_fails_too() {
        outbound.send(receipt("a"));
        outbound.abort(OVERFLOW);
        transport.complete(new java.io.IOException("reset"));
        assertThat(transport.closes).containsExactly("1013 overflow");
    }

    @Test
    void a_failed_write_closes_once() {
        outbound.send(receipt("a"));
        transport.complete(new java.io.IOException("reset"));
        assertThat(transport.closes).containsExactly("1011 write failed");
    }

    @Test
    void close_after_the_last_frame_closes_once_it_is_written() {
        outbound.send(receipt("a"));
        outbound.closeAfter(receipt("bye"), new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "disconnect"), null);
        transport.complete(null);
        assertThat(transport.closes).isEmpty();
        transport.complete(null);
        assertThat(transport.closes).containsExactly("1000 disconnect");
        outbound.abort(OVERFLOW);
        assertThat(transport.closes).as("closed already").hasSize(1);
    }
}
