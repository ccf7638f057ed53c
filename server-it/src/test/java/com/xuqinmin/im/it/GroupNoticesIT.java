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
 * Group and profile notices on {@code /user/queue/notices} (protocol.md, "Notices"): every change of
 * a group reaches every member's online sessions, the member removed included; a profile change
 * reaches the user's friends, and no one else. Each is durable: the same list reads back from
 * {@code GET /api/im/notices}, numbered per user without gaps.
 */
class GroupNoticesIT {

    private static final String NOTICES = "/user/queue/notices";

    private static JsonObject ok(Admin.Reply r) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.data();
    }

    private static JsonObject next(StompClient s, String type) {
        JsonObject n = s.awaitMessage(NOTICES);
        assertThat(n.getString("type")).as(n.toString()).isEqualTo(type);
        return n;
    }

    private static List<String> types(JsonArray notices) {
        List<String> out = new ArrayList<>();
        notices.forEach(n -> out.add(n.asJsonObject().getString("type")));
        return out;
    }

    private static List<Long> seqs(JsonArray notices) {
        List<Long> out = new ArrayList<>();
        notices.forEach(n -> out.add(n.asJsonObject().getJsonNumber("seq").longValue()));
        return out;
    }

    @Test
    void every_group_change_reaches_every_member_and_the_removed_member_is_told() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        String dave = ItEnv.uid("dave");
        String g = ItEnv.uid("g");
        Admin.importUsers(alice, bob, carol, dave);
        ImClient a = ImClient.login(alice);
        ImClient b = ImClient.login(bob);
        try (StompClient sa = StompClient.connect(ItEnv.userSig(alice));
             StompClient sb = StompClient.connect(ItEnv.userSig(bob));
             StompClient sc = StompClient.connect(ItEnv.userSig(carol));
             StompClient sd = StompClient.connect(ItEnv.userSig(dave))) {
            for (StompClient s : List.of(sa, sb, sc, sd)) {
                s.subscribe("n", NOTICES);
            }
            Admin.createGroup(g, alice, bob);
            for (StompClient s : List.of(sa, sb)) {
                JsonObject created = next(s, "GROUP_MEMBERS_JOINED").getJsonObject("data");
                assertThat(created.getString("groupId")).isEqualTo(g);
                assertThat(created.getJsonArray("userIds").getValuesAs(jakarta.json.JsonString.class))
                        .extracting(jakarta.json.JsonString::getString).containsExactlyInAnyOrder(alice, bob);
            }

            ok(a.post("/api/im/groups/" + g + "/members", "{\"userIds\":[\"" + carol + "\"]}"));
            for (StompClient s : List.of(sa, sb, sc)) {
                JsonObject joined = next(s, "GROUP_MEMBERS_JOINED").getJsonObject("data");
                assertThat(joined.getJsonArray("userIds").getString(0)).isEqualTo(carol);
                assertThat(joined.getString("by")).isEqualTo(alice);
            }

            ok(Admin.put("/api/im/admin/groups/" + g, "{\"name\":\"Renamed\"}"));
            for (StompClient s : List.of(sa, sb, sc)) {
                assertThat(next(s, "GROUP_RENAMED").getJsonObject("data").getString("name")).isEqualTo("Renamed");
            }

            ok(a.post("/api/im/groups/" + g + "/admins/" + bob, null));
            for (StompClient s : List.of(sa, sb, sc)) {
                JsonObject role = next(s, "GROUP_ROLE_CHANGED").getJsonObject("data");
                assertThat(role.getString("userId")).isEqualTo(bob);
                assertThat(role.getString("role")).isEqualTo("ADMIN");
                assertThat(role.getString("by")).isEqualTo(alice);
            }

            ok(Admin.post("/api/im/admin/groups/" + g + "/members/" + carol + "/mute", "{\"seconds\":60}"));
            for (StompClient s : List.of(sa, sb, sc)) {
                JsonObject muted = next(s, "GROUP_MEMBER_MUTED").getJsonObject("data");
                assertThat(muted.getString("userId")).isEqualTo(carol);
                assertThat(muted.getJsonNumber("mutedUntil").longValue()).isGreaterThan(System.currentTimeMillis());
            }
            ok(Admin.post("/api/im/admin/groups/" + g + "/mute", "{\"mutedAll\":true}"));
            for (StompClient s : List.of(sa, sb, sc)) {
                assertThat(next(s, "GROUP_MUTED_ALL").getJsonObject("data").getBoolean("mutedAll")).isTrue();
            }

            // the member removed hears it too, and then nothing more of the group
            ok(b.delete("/api/im/groups/" + g + "/members/" + carol));
            for (StompClient s : List.of(sa, sb, sc)) {
                JsonObject removed = next(s, "GROUP_MEMBER_REMOVED").getJsonObject("data");
                assertThat(removed.getString("userId")).isEqualTo(carol);
                assertThat(removed.getString("by")).isEqualTo(bob);
            }

            ok(a.post("/api/im/groups/" + g + "/transfer", "{\"newOwnerId\":\"" + bob + "\"}"));
            for (StompClient s : List.of(sa, sb)) {
                JsonObject transferred = next(s, "GROUP_OWNER_TRANSFERRED").getJsonObject("data");
                assertThat(transferred.getString("fromId")).isEqualTo(alice);
                assertThat(transferred.getString("toId")).isEqualTo(bob);
            }

            ok(a.post("/api/im/groups/" + g + "/quit", null));
            for (StompClient s : List.of(sa, sb)) {
                assertThat(next(s, "GROUP_MEMBER_LEFT").getJsonObject("data").getString("userId")).isEqualTo(alice);
            }

            ok(b.post("/api/im/groups/" + g + "/dismiss", null));
            assertThat(next(sb, "GROUP_DISMISSED").getJsonObject("data").getString("groupId")).isEqualTo(g);

            sa.expectNone(f -> f.command() == Command.MESSAGE, Duration.ofMillis(300));
            sc.expectNone(f -> f.command() == Command.MESSAGE, Duration.ofMillis(300));
            // a user who was never a member hears nothing of the group
            sd.expectNone(f -> f.command() == Command.MESSAGE, Duration.ofMillis(300));
        }

        // durable: the same story reads back, numbered 1, 2, 3, … per user
        JsonArray atCarol = ok(ImClient.login(carol).get("/api/im/notices?afterSeq=0")).getJsonArray("notices");
        assertThat(types(atCarol)).containsExactly("GROUP_MEMBERS_JOINED", "GROUP_RENAMED", "GROUP_ROLE_CHANGED",
                "GROUP_MEMBER_MUTED", "GROUP_MUTED_ALL", "GROUP_MEMBER_REMOVED");
        assertThat(seqs(atCarol)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        JsonArray atBob = ok(b.get("/api/im/notices?afterSeq=0")).getJsonArray("notices");
        assertThat(types(atBob)).containsExactly("GROUP_MEMBERS_JOINED", "GROUP_MEMBERS_JOINED", "GROUP_RENAMED",
                "GROUP_ROLE_CHANGED", "GROUP_MEMBER_MUTED", "GROUP_MUTED_ALL", "GROUP_MEMBER_REMOVED",
                "GROUP_OWNER_TRANSFERRED", "GROUP_MEMBER_LEFT", "GROUP_DISMISSED");
        assertThat(ok(ImClient.login(dave).get("/api/im/notices?afterSeq=0")).getJsonArray("notices")).isEmpty();
    }

    @Test
    void a_profile_change_reaches_the_users_friends_only() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        String dave = ItEnv.uid("dave");
        Admin.importUsers(alice, bob, carol, dave);
        ok(Admin.post("/api/im/admin/users/" + alice + "/friends", "{\"friends\":[{\"userId\":\"" + bob
                + "\"},{\"userId\":\"" + dave + "\"}]}"));
        ImClient a = ImClient.login(alice);
        // a friend alice blocked hears nothing more of her
        ok(a.post("/api/im/blocks", "{\"userId\":\"" + dave + "\"}"));
        try (StompClient sb = StompClient.connect(ItEnv.userSig(bob));
             StompClient sc = StompClient.connect(ItEnv.userSig(carol));
             StompClient sd = StompClient.connect(ItEnv.userSig(dave))) {
            sb.subscribe("n", NOTICES);
            sc.subscribe("n", NOTICES);
            sd.subscribe("n", NOTICES);

            ok(ImClient.call("PATCH", "/api/im/users/me", "{\"nickname\":\"Al\",\"bio\":\"hi\",\"extra\":\"{\\\"k\\\":1}\"}", "Bearer " + a.token()));
            JsonObject changed = next(sb, "PROFILE_CHANGED").getJsonObject("data");
            assertThat(changed.getString("userId")).isEqualTo(alice);
            JsonObject profile = changed.getJsonObject("profile");
            assertThat(profile.getString("nickname")).isEqualTo("Al");
            assertThat(profile.getString("bio")).isEqualTo("hi");
            assertThat(profile.getString("extra")).as("a friend sees the private field").isEqualTo("{\"k\":1}");

            // the same values again change nothing, and tell no one
            ok(ImClient.call("PATCH", "/api/im/users/me", "{\"nickname\":\"Al\"}", "Bearer " + a.token()));
            // the server API's change is told the same way
            JsonObject view = ok(Admin.put("/api/im/admin/users/" + alice, "{\"bio\":\"from the back-end\"}"));
            assertThat(view.getString("bio")).isEqualTo("from the back-end");
            assertThat(view.getString("extra")).isEqualTo("{\"k\":1}");
            JsonObject byServer = next(sb, "PROFILE_CHANGED").getJsonObject("data").getJsonObject("profile");
            assertThat(byServer.getString("bio")).isEqualTo("from the back-end");

            // a non-friend is not told, and reads only the public fields
            sc.expectNone(f -> f.command() == Command.MESSAGE, Duration.ofMillis(500));
            sd.expectNone(f -> f.command() == Command.MESSAGE, Duration.ofMillis(300));
            JsonObject seen = ok(ImClient.login(carol).get("/api/im/users/" + alice));
            assertThat(seen.getString("bio")).isEqualTo("from the back-end");
            assertThat(seen.containsKey("extra") && !seen.isNull("extra")).as("extra hidden from a non-friend").isFalse();
        }
        assertThat(types(ok(ImClient.login(bob).get("/api/im/notices?afterSeq=0")).getJsonArray("notices")))
                .containsExactly("FRIEND_ADDED", "PROFILE_CHANGED", "PROFILE_CHANGED");
    }

    @Test
    void the_server_api_user_view_carries_bio_and_extra_and_validates_them() {
        String alice = ItEnv.uid("alice");
        Admin.importUsers(alice);
        JsonObject view = ok(Admin.put("/api/im/admin/users/" + alice, "{\"bio\":\"b\",\"extra\":\"e\"}"));
        assertThat(view.getString("bio")).isEqualTo("b");
        assertThat(view.getString("extra")).isEqualTo("e");
        assertThat(ok(Admin.get("/api/im/admin/users/" + alice)).getString("extra")).isEqualTo("e");
        Admin.Reply tooLong = Admin.put("/api/im/admin/users/" + alice, "{\"bio\":\"" + "x".repeat(513) + "\"}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body().getString("error")).isEqualTo("VALIDATION_FAILED");
        // empty clears
        JsonObject cleared = ok(Admin.put("/api/im/admin/users/" + alice, "{\"extra\":\"\"}"));
        assertThat(cleared.containsKey("extra") && !cleared.isNull("extra")).isFalse();
    }
}
