package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.stomp.Command;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Notices on {@code /user/queue/notices} and {@code GET /api/im/notices} (protocol.md, api.md §4.8):
 * friend events reach the users' online sessions at once, numbered per user without gaps, and a
 * user who was offline reads them afterwards in order; a block is never told.
 */
class NoticesIT {

    private static final String NOTICES = "/user/queue/notices";

    private static JsonObject ok(Admin.Reply r) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.data();
    }

    private static JsonArray notices(ImClient c, long afterSeq) {
        return ok(c.get("/api/im/notices?afterSeq=" + afterSeq)).getJsonArray("notices");
    }

    private static List<Long> seqs(JsonArray notices) {
        List<Long> out = new ArrayList<>();
        notices.forEach(n -> out.add(n.asJsonObject().getJsonNumber("seq").longValue()));
        return out;
    }

    @Test
    void friend_events_reach_both_users_online_sessions_in_order() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        ImClient a = ImClient.login(alice);
        ImClient b = ImClient.login(bob);
        try (StompClient sa = StompClient.connect(ItEnv.userSig(alice));
             StompClient sb = StompClient.connect(ItEnv.userSig(bob), "phone");
             StompClient sb2 = StompClient.connect(ItEnv.userSig(bob), "desktop")) {
            sa.send(com.xuqinmin.im.stomp.Frame.builder(Command.SUBSCRIBE).header("id", "n")
                    .header("destination", NOTICES).header("receipt", "sub-n").build());
            sa.awaitReceipt("sub-n");
            sb.subscribe("n", NOTICES);
            sb2.subscribe("n", NOTICES);

            String id = ok(a.post("/api/im/friends/requests", "{\"toId\":\"" + bob + "\",\"message\":\"hi\"}"))
                    .getString("id");
            JsonObject received = sb.awaitMessage(NOTICES);
            assertThat(received.getString("type")).isEqualTo("FRIEND_REQUEST");
            assertThat(received.getJsonNumber("seq").longValue()).isEqualTo(1);
            assertThat(received.getJsonNumber("createdAt").longValue()).isPositive();
            JsonObject request = received.getJsonObject("data").getJsonObject("request");
            assertThat(request.getString("id")).isEqualTo(id);
            assertThat(request.getString("fromId")).isEqualTo(alice);
            assertThat(request.getString("message")).isEqualTo("hi");
            assertThat(sb2.awaitMessage(NOTICES).getJsonNumber("seq").longValue()).isEqualTo(1);
            sa.expectNone(f -> f.command() == Command.MESSAGE, Duration.ofMillis(300));

            ok(b.post("/api/im/friends/requests/" + id + "/accept", null));
            JsonObject accepted = sa.awaitMessage(NOTICES);
            assertThat(accepted.getString("type")).isEqualTo("FRIEND_ADDED");
            assertThat(accepted.getJsonNumber("seq").longValue()).isEqualTo(1);
            assertThat(accepted.getJsonObject("data").getString("userId")).isEqualTo(bob);
            assertThat(accepted.getJsonObject("data").getString("requestId")).isEqualTo(id);
            JsonObject atBob = sb.awaitMessage(NOTICES);
            assertThat(atBob.getString("type")).isEqualTo("FRIEND_ADDED");
            assertThat(atBob.getJsonNumber("seq").longValue()).isEqualTo(2);
            assertThat(atBob.getJsonObject("data").getString("userId")).isEqualTo(alice);

            ok(a.delete("/api/im/friends/" + bob));
            JsonObject deleted = sb.awaitMessage(NOTICES);
            assertThat(deleted.getString("type")).isEqualTo("FRIEND_DELETED");
            assertThat(deleted.getJsonNumber("seq").longValue()).isEqualTo(3);
            assertThat(deleted.getJsonObject("data").getString("userId")).isEqualTo(alice);
            assertThat(sa.awaitMessage(NOTICES).getString("type")).isEqualTo("FRIEND_DELETED");
        }
    }

    @Test
    void a_user_who_was_offline_reads_its_notices_after_a_seq_in_order_without_gaps() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        Admin.importUsers(alice, bob, carol);
        ImClient a = ImClient.login(alice);
        ImClient b = ImClient.login(bob);
        ImClient c = ImClient.login(carol);
        ok(a.post("/api/im/friends/requests", "{\"toId\":\"" + carol + "\"}"));
        String fromBob = ok(b.post("/api/im/friends/requests", "{\"toId\":\"" + carol + "\"}")).getString("id");
        ok(c.post("/api/im/friends/requests/" + fromBob + "/accept", null));
        ok(Admin.delete("/api/im/admin/users/" + carol + "/friends/" + bob));

        JsonArray all = notices(c, 0);
        assertThat(seqs(all)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(all.getValuesAs(JsonObject.class)).extracting(n -> n.getString("type"))
                .containsExactly("FRIEND_REQUEST", "FRIEND_REQUEST", "FRIEND_ADDED", "FRIEND_DELETED");
        assertThat(ok(c.get("/api/im/notices?afterSeq=0")).getBoolean("hasMore")).isFalse();
        assertThat(seqs(notices(c, 2))).containsExactly(3L, 4L);
        JsonObject firstTwo = ok(c.get("/api/im/notices?afterSeq=0&limit=2"));
        assertThat(seqs(firstTwo.getJsonArray("notices"))).containsExactly(1L, 2L);
        assertThat(firstTwo.getBoolean("hasMore")).isTrue();
        assertThat(notices(c, 4)).isEmpty();
        // each user has its own numbering
        assertThat(seqs(notices(b, 0))).containsExactly(1L, 2L);

        Admin.Reply bad = c.get("/api/im/notices?afterSeq=-1");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().getString("error")).isEqualTo("VALIDATION_FAILED");
        assertThat(c.get("/api/im/notices?limit=201").status()).isEqualTo(400);
        assertThat(c.get("/api/im/notices?afterSeq=x").status()).isEqualTo(400);
    }

    @Test
    void a_block_is_never_told_to_the_blocked_user() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        ImClient a = ImClient.login(alice);
        ImClient b = ImClient.login(bob);
        try (StompClient sa = StompClient.connect(ItEnv.userSig(alice))) {
            sa.subscribe("n", NOTICES);
            ok(b.post("/api/im/blocks", "{\"userId\":\"" + alice + "\"}"));
            ok(b.delete("/api/im/blocks/" + alice));
            sa.expectNone(f -> f.command() == Command.MESSAGE, Duration.ofMillis(700));
            assertThat(notices(a, 0)).isEmpty();
        }
    }
}
