package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sockets that were opened but have not sent CONNECT (PROTOCOL.md §1): at most
 * {@code IM_WS_PENDING_PER_ADDRESS} of them per client address, and each is closed at its deadline
 * whether or not the client answers. Each test connects from a loopback address of its own
 * (127.0.0.x), so what it counts is counted apart from every other test of the run.
 */
class PreConnectIT {

    /** The default of {@code IM_WS_PENDING_PER_ADDRESS}. */
    private static final int PER_ADDRESS = 50;
    /** {@code IM_CONNECT_TIMEOUT_MS} of the test server (server-it/src/test/liberty/it/server.env). */
    private static final long CONNECT_TIMEOUT_MS = 10_000;

    private static String connectFrame(String user) {
        return "CONNECT\naccept-version:1.2\nheart-beat:0,0\nhost:localhost\nAuthorization:Bearer "
                + ItEnv.userSig(user) + "\n\n\0";
    }

    /** Opens {@code n} sockets from {@code from}; closes them all and rethrows if one is refused. */
    private static List<RawWebSocket> openAll(String from, int n) {
        List<RawWebSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                open.add(RawWebSocket.openFrom(from, null));
            }
            return open;
        } catch (RuntimeException e) {
            open.forEach(RawWebSocket::close);
            throw e;
        }
    }

    private static void assertRefusedWith429(String from) {
        RawWebSocket.Refused r = catchThrowableOfType(() -> RawWebSocket.openFrom(from, null).close(),
                RawWebSocket.Refused.class);
        assertThat(r).as("a socket over the cap of %s sockets awaiting CONNECT", PER_ADDRESS).isNotNull();
        assertThat(r.status).isEqualTo(429);
        JsonObject body = Http.json(r.body);
        assertThat(body.getInt("code")).isEqualTo(429);
        assertThat(body.getString("error")).isEqualTo("TOO_MANY_PENDING_CONNECTIONS");
        assertThat(body.getString("message")).contains(String.valueOf(PER_ADDRESS));
    }

    @Test
    void sockets_that_have_not_sent_connect_are_capped_per_address_with_a_429() {
        String from = "127.0.0.3";
        List<RawWebSocket> held = openAll(from, PER_ADDRESS);
        try {
            assertRefusedWith429(from);

            // another address is not affected
            String bob = ItEnv.uid("bob");
            Admin.importUsers(bob);
            try (StompClient other = StompClient.connect(ItEnv.userSig(bob))) {
                assertThat(other.isClosed()).isFalse();
            }

            // a socket that sends CONNECT no longer awaits it: its place is free
            String alice = ItEnv.uid("alice");
            Admin.importUsers(alice);
            RawWebSocket first = held.get(0);
            first.sendText(connectFrame(alice));
            assertThat(first.read(StompClient.WAIT).text()).startsWith("CONNECTED\n");
            held.add(RawWebSocket.openFrom(from, null));
            assertRefusedWith429(from);
        } finally {
            held.forEach(RawWebSocket::close);
        }
    }

    @Test
    void closed_sockets_give_their_place_back() {
        String from = "127.0.0.4";
        // sockets the client closes, and sockets the server closes (a bad CONNECT), three times over
        for (int round = 0; round < 3; round++) {
            List<RawWebSocket> some = await().atMost(Duration.ofSeconds(30)).until(() -> {
                try {
                    return openAll(from, PER_ADDRESS);
                } catch (RawWebSocket.Refused stillCounted) {
                    return null;
                }
            }, l -> l != null);
            for (int i = 0; i < some.size(); i++) {
                RawWebSocket ws = some.get(i);
                if (i % 2 == 0) {
                    ws.sendText("CONNECT\naccept-version:1.2\nhost:localhost\nAuthorization:Bearer nonsense\n\n\0");
                    assertThat(ws.awaitCloseCode(StompClient.WAIT)).as("closed after a bad CONNECT").isEqualTo(1002);
                }
                ws.close();
            }
        }
        // the whole allowance is back once the server has seen them go
        List<RawWebSocket> again = await().atMost(Duration.ofSeconds(30)).until(() -> {
            try {
                return openAll(from, PER_ADDRESS);
            } catch (RawWebSocket.Refused stillCounted) {
                return null;
            }
        }, l -> l != null);
        try {
            assertRefusedWith429(from);
        } finally {
            again.forEach(RawWebSocket::close);
        }
    }

    @Test
    void many_sockets_that_reach_their_deadline_together_are_all_told_on_time() {
        int n = 30;
        List<RawWebSocket> idle = openAll("127.0.0.6", n);
        long opened = System.nanoTime();
        try {
            long last = 0;
            for (RawWebSocket ws : idle) {
                RawWebSocket.WsFrame error = ws.read(Duration.ofMillis(CONNECT_TIMEOUT_MS + 30_000));
                assertThat(error).isNotNull();
                assertThat(error.text()).startsWith("ERROR\n").contains("error:NOT_CONNECTED");
                last = (System.nanoTime() - opened) / 1_000_000;
            }
            System.out.printf("%d sockets with a %d ms deadline: the last ERROR was read %d ms after they opened%n", n,
                    CONNECT_TIMEOUT_MS, last);
            // a generous bound: one deadline does not wait for the others' closes (were the ERRORs to wait
            // for the two closers, each close waiting up to 30 s for the client's answer, the last would
            // come minutes late); 5 s more was once missed by 190 ms on a machine at load 15 to 20
            assertThat(last).as("ms until the last of %d ERRORs", n).isLessThan(CONNECT_TIMEOUT_MS + 15_000);
        } finally {
            idle.forEach(RawWebSocket::close);
        }
    }

    @Test
    void a_socket_that_never_sends_connect_is_closed_at_its_deadline_even_if_it_never_answers() {
        long start = System.nanoTime();
        try (RawWebSocket ws = RawWebSocket.openFrom("127.0.0.5", null)) {
            RawWebSocket.WsFrame error = ws.read(Duration.ofMillis(CONNECT_TIMEOUT_MS + 10_000));
            long errorAt = (System.nanoTime() - start) / 1_000_000;
            assertThat(error).isNotNull();
            assertThat(error.text()).startsWith("ERROR\n").contains("error:NOT_CONNECTED");
            RawWebSocket.WsFrame close = ws.read(StompClient.WAIT);
            assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1008);
            // the client never answers the close frame: Open Liberty waits for the answer 30 s (a fixed
            // value of its WebSocket layer), then closes the TCP connection anyway
            boolean ended = ws.awaitEnd(Duration.ofSeconds(45));
            long endedAt = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("pre-CONNECT deadline %d ms: ERROR after %d ms, TCP closed after %d ms%n",
                    CONNECT_TIMEOUT_MS, errorAt, endedAt);
            assertThat(ended).as("the server closed the TCP connection though the client never answered").isTrue();
            assertThat(errorAt).as("the ERROR came at the deadline, not before").isGreaterThanOrEqualTo(CONNECT_TIMEOUT_MS);
        }
    }
}
