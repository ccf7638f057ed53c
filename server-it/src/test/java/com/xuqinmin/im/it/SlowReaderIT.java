package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client that reads slowly, so that the server's writes to it complete later, on the container's
 * I/O threads: its DISCONNECT still ends with every message, the RECEIPT, the server's close frame,
 * and the end of the TCP connection once the client goes.
 *
 * <p>This is the path on which the soak found sockets left in CLOSE-WAIT (a close written from inside
 * a write completion, see {@code gateway.SocketCloses}); the hang needs the close frame's synchronous
 * write to find the socket buffer full at that instant, which this test does not arrange reliably:
 * it passed on the build before the fix too. What shows the fix is the soak (docs/benchmarks.md).
 */
class SlowReaderIT {

    private static final int SENDERS = 4;
    private static final int PER_SENDER = 90; // within the SEND burst of one connection
    private static final String CONTENT = "x".repeat(7_000); // about 2.5 MB in all: far more than the socket buffers hold

    @Test
    void a_slow_readers_disconnect_gets_its_receipt_and_the_close_frame() {
        String reader = ItEnv.uid("slow");
        List<String> senders = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            senders.add(ItEnv.uid("flood" + i));
        }
        List<String> all = new ArrayList<>(senders);
        all.add(reader);
        Admin.importUsers(all.toArray(String[]::new));
        try (RawWebSocket ws = RawWebSocket.openSlowReader(null, 4096)) {
            ws.sendText("CONNECT\naccept-version:1.2\nheart-beat:0,0\nhost:localhost\nAuthorization:Bearer "
                    + ItEnv.userSig(reader) + "\n\n\0");
            assertThat(ws.read(StompClient.WAIT).text()).startsWith("CONNECTED");
            ws.sendText("SUBSCRIBE\nid:q\ndestination:/user/queue/messages\nreceipt:sub\n\n\0");
            assertThat(ws.read(StompClient.WAIT).text()).startsWith("RECEIPT").contains("receipt-id:sub");

            // the flood: stored and queued for the reader, which reads none of it yet
            for (String sender : senders) {
                try (StompClient s = StompClient.connect(ItEnv.userSig(sender))) {
                    for (int i = 0; i < PER_SENDER; i++) {
                        s.chatNoWait(reader, "SINGLE", CONTENT, sender + "-" + i);
                    }
                    s.awaitReceipt("r-" + sender + "-" + (PER_SENDER - 1));
                }
            }
            ws.sendText("DISCONNECT\nreceipt:bye\n\n\0");

            // now it reads everything: every message, the RECEIPT last, then the server's close
            int messages = 0;
            boolean receipt = false;
            int closeCode = -1;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                RawWebSocket.WsFrame f = ws.read(Duration.ofSeconds(15));
                assertThat(f).as("the server ended the connection without a close frame").isNotNull();
                if (f.opcode() == RawWebSocket.CLOSE) {
                    closeCode = f.closeCode();
                    break;
                }
                String text = new String(f.payload(), StandardCharsets.UTF_8);
                messages += count(text, "MESSAGE\n");
                receipt |= text.contains("RECEIPT\nreceipt-id:bye");
                pause(); // slowly: the server's socket buffer stays full to the end, its writes complete later
            }
            assertThat(messages).isEqualTo(SENDERS * PER_SENDER);
            assertThat(receipt).as("the DISCONNECT's RECEIPT").isTrue();
            assertThat(closeCode).as("the server's close frame after the RECEIPT").isEqualTo(1000);
            // the client goes without answering the close (as many do, e.g. the JDK's when aborted): the
            // server ends its side of the TCP connection too, and leaves no socket in CLOSE-WAIT
            ws.halfClose();
            assertThat(ws.awaitEnd(Duration.ofSeconds(10))).as("the server closes the TCP connection").isTrue();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }
}
