package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.stomp.Command;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Presence (protocol.md, {@code /user/queue/presence}; api.md, {@code GET /api/im/users/presence}):
 * a user's friends hear when it comes online (its first session) and goes offline (its last one),
 * not of each socket; non-friends and users it blocked hear nothing and cannot ask.
 */
class PresenceIT {

    private static final String PRESENCE = "/user/queue/presence";
    private static final Duration QUIET = Duration.ofMillis(600);

    private static void befriend(String user, String friend) {
        Admin.Reply r = Admin.post("/api/im/admin/users/" + user + "/friends",
                "{\"friends\":[{\"userId\":\"" + friend + "\"}]}");
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    }

    /** The answer of {@code GET /api/im/users/presence}, userId to online. */
    private static Map<String, Boolean> ask(ImClient c, String... ids) {
        Admin.Reply r = c.get("/api/im/users/presence?ids=" + String.join(",", ids));
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        JsonArray list = r.body().getJsonArray("data");
        Map<String, Boolean> out = new LinkedHashMap<>();
        list.getValuesAs(JsonObject.class).forEach(o -> out.put(o.getString("userId"), o.getBoolean("online")));
        return out;
    }

    private static JsonObject change(StompClient s) {
        return s.awaitMessage(PRESENCE);
    }

    @Test
    void friends_hear_the_first_session_come_up_and_the_last_go_down_and_no_one_else_does() throws Exception {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        Admin.importUsers(alice, bob, carol);
        befriend(bob, alice);
        ImClient b = ImClient.login(bob);
        ImClient c = ImClient.login(carol);
        try (StompClient sb = StompClient.connect(ItEnv.userSig(bob));
             StompClient sc = StompClient.connect(ItEnv.userSig(carol))) {
            sb.subscribe("p", PRESENCE);
            sc.subscribe("p", PRESENCE);
            assertThat(ask(b, alice)).containsExactly(Map.entry(alice, false));

            StompClient phone = StompClient.connect(ItEnv.userSig(alice), "phone");
            JsonObject up = change(sb);
            assertThat(up.getString("userId")).isEqualTo(alice);
            assertThat(up.getBoolean("online")).isTrue();
            assertThat(up.getJsonNumber("at").longValue()).isPositive();
            assertThat(ask(b, alice, carol, bob)).as("a friend and oneself; a non-friend is left out")
                    .containsExactly(Map.entry(alice, true), Map.entry(bob, true));

            // a second session is no change; closing one of two is none either
            StompClient desk = StompClient.connect(ItEnv.userSig(alice), "desk");
            sb.expectNone(f -> f.command() == Command.MESSAGE, QUIET);
            phone.close();
            sb.expectNone(f -> f.command() == Command.MESSAGE, QUIET);
            desk.close();
            JsonObject down = change(sb);
            assertThat(down.getString("userId")).isEqualTo(alice);
            assertThat(down.getBoolean("online")).isFalse();
            assertThat(ask(b, alice)).containsExactly(Map.entry(alice, false));

            // the non-friend heard nothing, and may not ask
            sc.expectNone(f -> f.command() == Command.MESSAGE, QUIET);
            try (StompClient again = StompClient.connect(ItEnv.userSig(alice))) {
                change(sb);
                assertThat(ask(c, alice)).isEmpty();
            }
        }
    }

    @Test
    void a_user_blocked_by_a_friend_learns_nothing_of_its_presence() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        befriend(alice, bob);
        ImClient a = ImClient.login(alice);
        ImClient b = ImClient.login(bob);
        assertThat(a.post("/api/im/blocks", "{\"userId\":\"" + bob + "\"}").status()).isEqualTo(200);
        try (StompClient sb = StompClient.connect(ItEnv.userSig(bob))) {
            sb.subscribe("p", PRESENCE);
            try (StompClient sa = StompClient.connect(ItEnv.userSig(alice))) {
                sb.expectNone(f -> f.command() == Command.MESSAGE, QUIET);
                assertThat(ask(b, alice)).as("answered as for a stranger").isEmpty();
                // the blocker still sees the blocked friend
                assertThat(ask(a, bob)).containsExactly(Map.entry(bob, true));
            }
            sb.expectNone(f -> f.command() == Command.MESSAGE, QUIET);
        }
    }

    @Test
    void presence_asks_are_validated() {
        String alice = ItEnv.uid("alice");
        Admin.importUsers(alice);
        ImClient a = ImClient.login(alice);
        assertThat(a.get("/api/im/users/presence").status()).isEqualTo(400);
        Admin.Reply bad = a.get("/api/im/users/presence?ids=a,,b");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().getString("error")).isEqualTo("VALIDATION_FAILED");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= 100; i++) {
            many.append(i == 0 ? "" : ",").append("u").append(i);
        }
        assertThat(a.get("/api/im/users/presence?ids=" + many).status()).isEqualTo(400);
    }
}
