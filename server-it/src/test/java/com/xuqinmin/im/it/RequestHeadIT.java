package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Clients that send a request head slowly (docs/security.md, "Slow clients"): the server's HTTP
 * options bound how long one read may wait ({@code readTimeout}) and how large a head may grow
 * ({@code limitNumHeaders}, {@code limitFieldSize}), so a head that stalls, or that trickles in
 * header by header, is cut. The waits below are generous upper bounds, not speed requirements.
 */
class RequestHeadIT {

    /** {@code readTimeout} of server.xml's httpOptions. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** {@code limitNumHeaders} of server.xml's httpOptions. */
    private static final int MAX_HEADERS = 50;

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Test
    void a_request_head_that_stops_midway_is_closed_after_the_read_timeout() throws IOException {
        try (Socket s = RawHttp.connect("127.0.0.1")) {
            long start = System.nanoTime();
            write(s.getOutputStream(), "GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Slow: a");
            boolean closed = RawHttp.awaitEnd(s, READ_TIMEOUT.plusSeconds(20));
            System.out.printf("a stalled request head was closed after %d ms%n", (System.nanoTime() - start) / 1_000_000);
            assertThat(closed).as("the server closed a request head that stopped coming").isTrue();
        }
    }

    @Test
    void a_request_head_trickled_in_header_by_header_is_cut_at_the_header_limit() throws IOException {
        try (Socket s = RawHttp.connect("127.0.0.1")) {
            long start = System.nanoTime();
            OutputStream out = s.getOutputStream();
            write(out, "GET /health/live HTTP/1.1\r\nHost: localhost\r\n");
            boolean refused = false;
            // each header comes well within the read timeout: only the size of the head can end this
            for (int i = 0; i < 2 * MAX_HEADERS && !refused; i++) {
                try {
                    write(out, "X-Trickle-" + i + ": " + "v".repeat(20) + "\r\n");
                    Thread.sleep(100);
                    refused = s.getInputStream().available() > 0;
                } catch (IOException e) {
                    refused = true; // the server closed the connection
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            boolean closed = RawHttp.awaitEnd(s, Duration.ofSeconds(30));
            System.out.printf("a trickled request head was cut after %d ms%n", (System.nanoTime() - start) / 1_000_000);
            assertThat(refused).as("the server answered or closed before %s headers", 2 * MAX_HEADERS).isTrue();
            assertThat(closed).isTrue();
        }
    }

    @Test
    void an_idle_websocket_session_is_not_cut_by_the_http_read_timeout() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        // heart-beat 0,0: nothing at all travels on these sockets while they wait
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            b.subscribe("s1", "/user/queue/messages");
            try {
                Thread.sleep(READ_TIMEOUT.plusSeconds(3).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            assertThat(a.isClosed()).isFalse();
            a.chat(bob, "SINGLE", "after a quiet while", ItEnv.uid("m"));
            assertThat(b.awaitMessage("/user/queue/messages").getString("content")).isEqualTo("after a quiet while");
        }
    }
}
