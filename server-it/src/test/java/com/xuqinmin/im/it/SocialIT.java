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
 * The social layer over real HTTP and WebSockets (API.md §4.5 to §4.7, §3): friend requests and
 * their answers, the friend list with remarks and profiles, the app's addFriend and messaging
 * policies, the blocklist and what it refuses, and profiles with what a non-friend may not read.
 */
class SocialIT {

    private static final Duration QUIET = Duration.ofMillis(500);

    // ------------------------------------------------------------------ helpers

    /** A user of the demo app, imported, logged in over HTTP. */
    private static ImClient user(String userId) {
        Admin.importUsers(userId);
        return ImClient.login(userId);
    }

    private static Admin.Reply put(ImClient c, String path, String json) {
        return ImClient.call("PUT", path, json, "Bearer " + c.token());
    }

    private static Admin.Reply patch(ImClient c, String path, String json) {
        return ImClient.call("PATCH", path, json, "Bearer " + c.token());
    }

    private static void assertError(Admin.Reply r, int status, String error) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(status);
        assertThat(r.body().getString("error")).as(r.body().toString()).isEqualTo(error);
        assertThat(r.body().getInt("code")).isEqualTo(status);
        assertThat(r.body().getString("status")).isEqualTo("1");
    }

    private static JsonObject ok(Admin.Reply r) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.data();
    }

    private static JsonObject request(ImClient from, String toId, String message) {
        return ok(from.post("/api/im/friends/requests", message == null ? "{\"toId\":\"" + toId + "\"}"
                : "{\"toId\":\"" + toId + "\",\"message\":\"" + message + "\"}"));
    }

    private static List<String> ids(JsonArray items, String field) {
        List<String> out = new ArrayList<>();
        items.forEach(v -> out.add(v.asJsonObject().getString(field)));
        return out;
    }

    private static List<String> friendsOf(ImClient c) {
        return ids(ok(c.get("/api/im/friends")).getJsonArray("items"), "userId");
    }

    // ------------------------------------------------------------------ friends

    @Test
    void a_request_accepted_makes_friends_on_both_sides_each_with_its_own_remark_and_a_delete_ends_both() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        ImClient a = user(alice);
        ImClient b = user(bob);
        ok(patch(b, "/api/im/users/me", "{\"nickname\":\"Bob\",\"extra\":\"{\\\"level\\\":3}\"}"));

        JsonObject sent = request(a, bob, "hi, it's Alice");
        assertThat(sent.getString("status")).isEqualTo("PENDING");
        assertThat(sent.getString("fromId")).isEqualTo(alice);
        assertThat(sent.getString("toId")).isEqualTo(bob);
        assertThat(sent.getString("message")).isEqualTo("hi, it's Alice");
        String id = sent.getString("id");
        assertThat(friendsOf(a)).isEmpty();

        // asking again while pending is the same request
        assertThat(request(a, bob, "again").getString("id")).isEqualTo(id);
        JsonObject incoming = ok(b.get("/api/im/friends/requests?direction=in"));
        assertThat(ids(incoming.getJsonArray("items"), "id")).containsExactly(id);
        assertThat(incoming.getJsonArray("items").getJsonObject(0).getString("message")).isEqualTo("again");
        assertThat(ids(ok(a.get("/api/im/friends/requests?direction=out")).getJsonArray("items"), "id"))
                .containsExactly(id);
        assertThat(ok(a.get("/api/im/friends/requests")).getJsonArray("items")).isEmpty(); // in by default

        // only the receiver may answer; another user's request is as good as missing
        assertError(a.post("/api/im/friends/requests/" + id + "/accept", null), 404, "NOT_FOUND");
        JsonObject accepted = ok(b.post("/api/im/friends/requests/" + id + "/accept", null));
        assertThat(accepted.getString("status")).isEqualTo("ACCEPTED");
        assertThat(accepted.getJsonNumber("decidedAt").longValue()).isPositive();
        assertError(b.post("/api/im/friends/requests/" + id + "/decline", null), 409, "CONFLICT");

        JsonObject list = ok(a.get("/api/im/friends"));
        assertThat(list.getInt("total")).isEqualTo(1);
        JsonObject friend = list.getJsonArray("items").getJsonObject(0);
        assertThat(friend.getString("userId")).isEqualTo(bob);
        assertThat(friend.getJsonObject("profile").getString("nickname")).isEqualTo("Bob");
        assertThat(friend.getJsonObject("profile").getString("extra")).isEqualTo("{\"level\":3}");
        assertThat(friendsOf(b)).containsExactly(alice);

        JsonObject remarked = ok(put(a, "/api/im/friends/" + bob, "{\"remark\":\"Bobby\"}"));
        assertThat(remarked.getString("remark")).isEqualTo("Bobby");
        assertThat(ok(a.get("/api/im/friends")).getJsonArray("items").getJsonObject(0).getString("remark"))
                .isEqualTo("Bobby");
        assertThat(ok(b.get("/api/im/friends")).getJsonArray("items").getJsonObject(0).containsKey("remark"))
                .as("bob's side has no remark").isFalse();
        assertError(put(a, "/api/im/friends/" + bob, "{\"remark\":\"" + "x".repeat(129) + "\"}"), 400,
                "VALIDATION_FAILED");

        assertError(a.post("/api/im/friends/requests", "{\"toId\":\"" + bob + "\"}"), 409, "DUPLICATE");
        ok(b.delete("/api/im/friends/" + alice));
        assertThat(friendsOf(a)).isEmpty();
        assertThat(friendsOf(b)).isEmpty();
        assertError(a.delete("/api/im/friends/" + bob), 404, "NOT_FOUND");
        assertError(put(a, "/api/im/friends/" + bob, "{\"remark\":\"x\"}"), 404, "NOT_FOUND");
    }

    @Test
    void a_declined_request_may_be_made_again_and_a_request_to_someone_who_asked_you_is_a_friendship_at_once() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        ImClient a = user(alice);
        ImClient b = user(bob);
        String first = request(a, bob, null).getString("id");
        assertThat(ok(b.post("/api/im/friends/requests/" + first + "/decline", null)).getString("status"))
                .isEqualTo("DECLINED");
        assertThat(friendsOf(a)).isEmpty();
        assertThat(ok(a.get("/api/im/friends/requests?direction=out")).getJsonArray("items").getJsonObject(0)
                .getString("status")).isEqualTo("DECLINED");

        String second = request(a, bob, "please").getString("id");
        assertThat(second).isNotEqualTo(first);
        // bob asks alice back: no approval needed, both requests are answered
        JsonObject mutual = request(b, alice, null);
        assertThat(mutual.getString("status")).isEqualTo("ACCEPTED");
        assertThat(friendsOf(a)).containsExactly(bob);
        assertThat(friendsOf(b)).containsExactly(alice);
        JsonObject in = ok(b.get("/api/im/friends/requests?direction=in"));
        assertThat(in.getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(second);
        assertThat(in.getJsonArray("items").getJsonObject(0).getString("status")).isEqualTo("ACCEPTED");
    }

    @Test
    void friend_requests_that_make_no_sense_are_refused_naming_why() {
        String alice = ItEnv.uid("alice");
        ImClient a = user(alice);
        assertError(a.post("/api/im/friends/requests", "{\"toId\":\"" + alice + "\"}"), 400, "VALIDATION_FAILED");
        assertError(a.post("/api/im/friends/requests", "{}"), 400, "VALIDATION_FAILED");
        assertError(a.post("/api/im/friends/requests", "{\"toId\":\"" + ItEnv.uid("nobody") + "\"}"), 404,
                "USER_NOT_FOUND");
        assertError(a.post("/api/im/friends/requests", "{\"toId\":\"x\",\"message\":\"" + "m".repeat(257) + "\"}"),
                400, "VALIDATION_FAILED");
        assertError(a.get("/api/im/friends/requests?direction=sideways"), 400, "VALIDATION_FAILED");
        assertError(a.post("/api/im/friends/requests/01ARZ3NDEKTSV4RRFFQ69G5FAV/accept", null), 404, "NOT_FOUND");
        assertError(a.get("/api/im/friends?size=101"), 400, "VALIDATION_FAILED");
    }

    // ------------------------------------------------------------------ the app's policy

    /** A fresh app of a fresh tenant, with the given settings set through the console. */
    private static Console.App app(String settings) {
        return settings == null ? Console.newApp(Console.newTenant()) : Console.newApp(settings);
    }

    private static String sig(Console.App app, String userId) {
        return Console.userSig(app, userId);
    }

    private static ImClient login(Console.App app, String userId) {
        return Console.login(app, userId);
    }

    private static Admin.Reply signed(Console.App app, String method, String path, String json) {
        return Admin.send(method, path, json, app.appKey(), app.secret(), System.currentTimeMillis(), Admin.nonce());
    }

    @Test
    void the_app_decides_whether_friends_need_approval_and_whether_users_may_add_friends_at_all() {
        Console.Tenant t = Console.newTenant();
        Console.App app = Console.newApp(t);
        JsonObject view = ok(Http.get("/api/apps/" + app.appKey(), t.token()));
        assertThat(view.getString("addFriend")).isEqualTo("APPROVAL");
        assertThat(view.getString("messaging")).isEqualTo("ANYONE");
        assertError(Http.put("/api/apps/" + app.appKey(), "{\"addFriend\":\"SOMETIMES\"}", t.token()), 400,
                "VALIDATION_FAILED");
        assertThat(ok(Http.put("/api/apps/" + app.appKey(), "{\"addFriend\":\"ANYONE\"}", t.token()))
                .getString("addFriend")).isEqualTo("ANYONE");

        ImClient a = login(app, "alice");
        login(app, "bob");
        JsonObject r = ok(a.post("/api/im/friends/requests", "{\"toId\":\"bob\"}"));
        assertThat(r.getString("status")).isEqualTo("ACCEPTED");
        assertThat(friendsOf(a)).containsExactly("bob");

        // the back-end sets the same policy through the server API
        JsonObject closed = ok(signed(app, "PUT", "/api/im/admin/app/settings", "{\"addFriend\":\"NOBODY\"}"));
        assertThat(closed.getString("addFriend")).isEqualTo("NOBODY");
        assertThat(closed.getString("messaging")).isEqualTo("ANYONE");
        assertThat(ok(signed(app, "GET", "/api/im/admin/app/settings", null)).getString("addFriend"))
                .isEqualTo("NOBODY");
        assertError(signed(app, "PUT", "/api/im/admin/app/settings", "{\"messaging\":\"STRANGERS\"}"), 400,
                "VALIDATION_FAILED");
        login(app, "carol");
        assertError(a.post("/api/im/friends/requests", "{\"toId\":\"carol\"}"), 403, "FORBIDDEN");
    }

    @Test
    void with_messaging_friends_only_a_single_chat_to_a_non_friend_is_refused_over_stomp_and_http() {
        Console.App app = app("{\"messaging\":\"FRIENDS_ONLY\"}");
        ImClient a = login(app, "alice");
        ImClient b = login(app, "bob");
        try (StompClient sa = StompClient.connect(sig(app, "alice"));
             StompClient sb = StompClient.connect(sig(app, "bob"))) {
            sa.subscribe("e", "/user/queue/errors");
            sb.subscribe("m", "/user/queue/messages");
            sa.sendJson("/app/chat.send", "{\"toId\":\"bob\",\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\","
                    + "\"content\":\"hi\",\"messageId\":\"nf-1\"}", "r-nf-1");
            JsonObject rejection = sa.awaitRejection();
            assertThat(rejection.getInt("code")).isEqualTo(403);
            assertThat(rejection.getString("error")).isEqualTo("NOT_FRIENDS");
            assertThat(rejection.getString("messageId")).isEqualTo("nf-1");
            sa.expectNone(f -> f.command() == Command.RECEIPT && "r-nf-1".equals(f.header("receipt-id")), QUIET);
            assertError(a.post("/api/im/messages/send", ImClient.text("bob", "hi", "nf-2")), 403, "NOT_FRIENDS");

            // the server API is the back-end's: not held by the policy
            ok(signed(app, "POST", "/api/im/admin/messages/send", "{\"fromId\":\"alice\",\"toId\":\"bob\","
                    + "\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\",\"content\":\"from the back-end\"}"));
            assertThat(sb.awaitMessage("/user/queue/messages").getString("content")).isEqualTo("from the back-end");

            String id = ok(a.post("/api/im/friends/requests", "{\"toId\":\"bob\"}")).getString("id");
            ok(b.post("/api/im/friends/requests/" + id + "/accept", null));
            sa.sendJson("/app/chat.send", "{\"toId\":\"bob\",\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\","
                    + "\"content\":\"friends now\",\"messageId\":\"nf-3\"}", "r-nf-3");
            sa.awaitReceipt("r-nf-3");
            assertThat(sb.awaitMessage("/user/queue/messages").getString("content")).isEqualTo("friends now");

            // no longer friends: refused again at once (the cache forgot the pair)
            ok(b.delete("/api/im/friends/alice"));
            assertError(a.post("/api/im/messages/send", ImClient.text("bob", "still?", "nf-4")), 403, "NOT_FRIENDS");
        }
    }

    // ------------------------------------------------------------------ blocks

    @Test
    void a_blocked_users_single_chat_messages_are_refused_and_not_stored_but_groups_and_the_other_way_work() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String group = ItEnv.uid("g");
        ImClient a = user(alice);
        ImClient b = user(bob);
        Admin.createGroup(group, alice, bob);
        try (StompClient sa = StompClient.connect(ItEnv.userSig(alice));
             StompClient sb = StompClient.connect(ItEnv.userSig(bob))) {
            sa.subscribe("e", "/user/queue/errors");
            sa.subscribe("m", "/user/queue/messages");
            sb.subscribe("m", "/user/queue/messages");
            sb.subscribe("g", "/topic/group/" + group);
            sa.chat(bob, "SINGLE", "before", "b-0");
            sb.awaitMessage("/user/queue/messages");

            JsonObject blocked = ok(b.post("/api/im/blocks", "{\"userId\":\"" + alice + "\"}"));
            assertThat(blocked.getString("userId")).isEqualTo(alice);
            // blocking again changes nothing
            assertThat(ok(b.post("/api/im/blocks", "{\"userId\":\"" + alice + "\"}")).getJsonNumber("createdAt"))
                    .isEqualTo(blocked.getJsonNumber("createdAt"));
            assertThat(ids(ok(b.get("/api/im/blocks")).getJsonArray("items"), "userId")).containsExactly(alice);

            sa.chatNoWait(bob, "SINGLE", "can you hear me", "b-1");
            JsonObject rejection = sa.awaitRejection();
            assertThat(rejection.getInt("code")).isEqualTo(403);
            assertThat(rejection.getString("error")).isEqualTo("BLOCKED");
            assertThat(rejection.getString("messageId")).isEqualTo("b-1");
            sa.expectNone(f -> f.command() == Command.RECEIPT && "r-b-1".equals(f.header("receipt-id")), QUIET);
            assertError(a.post("/api/im/messages/send", ImClient.text(bob, "over http", "b-2")), 403, "BLOCKED");
            sb.expectNone(f -> f.command() == Command.MESSAGE && "/user/queue/messages".equals(f.header("destination")),
                    QUIET);
            // nothing was stored: the history still ends with the message from before; it stays
            String conversation = alice.compareTo(bob) <= 0 ? "s:" + alice + ":" + bob : "s:" + bob + ":" + alice;
            JsonArray history = ok(b.get("/api/im/messages/history?conversationId=" + conversation))
                    .getJsonArray("messages");
            assertThat(ids(history, "content")).containsExactly("before");
            // friend requests are refused too
            assertError(a.post("/api/im/friends/requests", "{\"toId\":\"" + bob + "\"}"), 403, "BLOCKED");

            // the blocker may still write, and the group is not affected
            sb.chat(alice, "SINGLE", "I can", "b-3");
            assertThat(sa.awaitMessage("/user/queue/messages").getString("content")).isEqualTo("I can");
            sa.chat(group, "GROUP", "in the group", "b-4");
            assertThat(sb.awaitMessage("/topic/group/" + group).getString("content")).isEqualTo("in the group");

            ok(b.delete("/api/im/blocks/" + alice));
            assertThat(ok(b.get("/api/im/blocks")).getJsonArray("items")).isEmpty();
            sa.chat(bob, "SINGLE", "after", "b-5");
            assertThat(sb.awaitMessage("/user/queue/messages").getString("content")).isEqualTo("after");
            assertError(b.delete("/api/im/blocks/" + alice), 404, "NOT_FOUND");
        }
    }

    @Test
    void blocking_oneself_or_nobody_is_refused() {
        String alice = ItEnv.uid("alice");
        ImClient a = user(alice);
        assertError(a.post("/api/im/blocks", "{\"userId\":\"" + alice + "\"}"), 400, "VALIDATION_FAILED");
        assertError(a.post("/api/im/blocks", "{}"), 400, "VALIDATION_FAILED");
        assertError(a.post("/api/im/blocks", "{\"userId\":\"" + ItEnv.uid("nobody") + "\"}"), 404, "USER_NOT_FOUND");
    }

    // ------------------------------------------------------------------ profiles

    @Test
    void a_user_edits_its_profile_others_read_the_public_fields_and_friends_read_extra_too() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        ImClient a = user(alice);
        ImClient b = user(bob);
        ImClient c = user(carol);
        JsonObject me = ok(patch(a, "/api/im/users/me", "{\"nickname\":\" Alice \",\"avatarUrl\":"
                + "\"https://cdn.example/a.png\",\"bio\":\"hello\",\"extra\":\"{\\\"phone\\\":\\\"123\\\"}\"}"));
        assertThat(me.getString("nickname")).isEqualTo("Alice");
        assertThat(me.getString("extra")).isEqualTo("{\"phone\":\"123\"}");
        JsonObject again = ok(a.get("/api/im/users/me"));
        assertThat(again.getString("userId")).isEqualTo(alice);
        assertThat(again.getString("bio")).isEqualTo("hello");
        assertThat(again.getJsonNumber("createdAt").longValue()).isPositive();
        // only what is given changes; empty clears
        JsonObject cleared = ok(patch(a, "/api/im/users/me", "{\"bio\":\"\"}"));
        assertThat(cleared.containsKey("bio")).isFalse();
        assertThat(cleared.getString("nickname")).isEqualTo("Alice");
        ok(patch(a, "/api/im/users/me", "{\"bio\":\"hello\"}"));

        assertError(patch(a, "/api/im/users/me", "{\"avatarUrl\":\"javascript:alert(1)\"}"), 400, "VALIDATION_FAILED");
        assertError(patch(a, "/api/im/users/me", "{\"nickname\":\"" + "n".repeat(129) + "\"}"), 400,
                "VALIDATION_FAILED");
        assertError(patch(a, "/api/im/users/me", "{\"bio\":\"" + "b".repeat(513) + "\"}"), 400, "VALIDATION_FAILED");
        assertThat(ok(a.get("/api/im/users/me")).getString("avatarUrl")).isEqualTo("https://cdn.example/a.png");

        // a stranger sees the public fields only
        JsonObject seen = ok(c.get("/api/im/users/" + alice));
        assertThat(seen.getString("nickname")).isEqualTo("Alice");
        assertThat(seen.getString("bio")).isEqualTo("hello");
        assertThat(seen.containsKey("extra")).isFalse();
        assertThat(seen.containsKey("createdAt")).isFalse();
        // a friend sees extra too
        String id = request(a, bob, null).getString("id");
        ok(b.post("/api/im/friends/requests/" + id + "/accept", null));
        assertThat(ok(b.get("/api/im/users/" + alice)).getString("extra")).isEqualTo("{\"phone\":\"123\"}");

        String nobody = ItEnv.uid("nobody");
        Admin.Reply manyReply = c.get("/api/im/users?ids=" + alice + "," + nobody + "," + bob);
        assertThat(manyReply.status()).isEqualTo(200);
        JsonArray many = manyReply.body().getJsonArray("data");
        assertThat(ids(many, "userId")).containsExactly(alice, bob);
        assertThat(many.getJsonObject(0).containsKey("extra")).isFalse();
        JsonArray asFriend = b.get("/api/im/users?ids=" + alice).body().getJsonArray("data");
        assertThat(asFriend.getJsonObject(0).getString("extra")).isEqualTo("{\"phone\":\"123\"}");

        assertError(c.get("/api/im/users/" + nobody), 404, "USER_NOT_FOUND");
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add("u" + i);
        }
        assertError(c.get("/api/im/users?ids=" + String.join(",", tooMany)), 400, "VALIDATION_FAILED");
        assertError(c.get("/api/im/users"), 400, "VALIDATION_FAILED");
        assertError(c.get("/api/im/users?ids=a,,b"), 400, "VALIDATION_FAILED");
    }

    // ------------------------------------------------------------------ the server API

    @Test
    void the_server_api_imports_lists_and_deletes_friends_and_blocks() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        Admin.importUsers(alice, bob, carol);
        JsonObject imported = ok(Admin.post("/api/im/admin/users/" + alice + "/friends", "{\"friends\":[{\"userId\":\""
                + bob + "\",\"remark\":\"B\"},{\"userId\":\"" + carol + "\"}]}"));
        assertThat(imported.getJsonArray("added").getValuesAs(jakarta.json.JsonString::getString))
                .containsExactly(bob, carol);
        JsonObject again = ok(Admin.post("/api/im/admin/users/" + alice + "/friends", "{\"friends\":[{\"userId\":\""
                + bob + "\"}]}"));
        assertThat(again.getJsonArray("existing").getValuesAs(jakarta.json.JsonString::getString)).containsExactly(bob);
        JsonObject list = ok(Admin.get("/api/im/admin/users/" + alice + "/friends"));
        assertThat(ids(list.getJsonArray("items"), "userId")).containsExactlyInAnyOrder(bob, carol);
        assertThat(ids(ok(Admin.get("/api/im/admin/users/" + bob + "/friends")).getJsonArray("items"), "userId"))
                .containsExactly(alice);
        ok(Admin.delete("/api/im/admin/users/" + bob + "/friends/" + alice));
        assertThat(ids(ok(Admin.get("/api/im/admin/users/" + alice + "/friends")).getJsonArray("items"), "userId"))
                .containsExactly(carol);
        assertError(Admin.post("/api/im/admin/users/" + alice + "/friends", "{\"friends\":[{\"userId\":\""
                + ItEnv.uid("nobody") + "\"}]}"), 404, "USER_NOT_FOUND");
        assertError(Admin.post("/api/im/admin/users/" + alice + "/friends", "{\"friends\":[]}"), 400,
                "VALIDATION_FAILED");

        ok(Admin.post("/api/im/admin/users/" + alice + "/blocks", "{\"userIds\":[\"" + bob + "\"]}"));
        assertThat(ids(ok(Admin.get("/api/im/admin/users/" + alice + "/blocks")).getJsonArray("items"), "userId"))
                .containsExactly(bob);
        ImClient b = ImClient.login(bob);
        assertError(b.post("/api/im/messages/send", ImClient.text(alice, "hi", "sa-1")), 403, "BLOCKED");
        ok(Admin.delete("/api/im/admin/users/" + alice + "/blocks/" + bob));
        assertThat(ok(b.post("/api/im/messages/send", ImClient.text(alice, "hi", "sa-2"))).getString("content"))
                .isEqualTo("hi");
        assertError(Admin.get("/api/im/admin/users/" + ItEnv.uid("nobody") + "/friends"), 404, "USER_NOT_FOUND");
    }

    @Test
    void a_hard_deleted_user_leaves_its_friends_lists_and_blocklists() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        Admin.importUsers(alice, bob, carol);
        ok(Admin.post("/api/im/admin/users/" + alice + "/friends", "{\"friends\":[{\"userId\":\"" + bob + "\"}]}"));
        ok(Admin.post("/api/im/admin/users/" + carol + "/blocks", "{\"userIds\":[\"" + bob + "\"]}"));
        ok(Admin.delete("/api/im/admin/users/" + bob + "?purge=true"));
        assertThat(ok(Admin.get("/api/im/admin/users/" + alice + "/friends")).getJsonArray("items")).isEmpty();
        assertThat(ok(Admin.get("/api/im/admin/users/" + carol + "/blocks")).getJsonArray("items")).isEmpty();
    }
}
