package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.stomp.Command;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server API's user, message and group calls (API.md §4) as a tenant's back-end sees them:
 * each call's success and its main refusals, over real HTTP with signed requests.
 */
class ServerApiIT {

    private static final String USERS = "/api/im/admin/users/";
    private static final String MESSAGES = "/api/im/admin/messages";
    private static final String GROUPS = "/api/im/admin/groups/";

    private static void assertFailure(Admin.Reply r, int code, String error) {
        assertThat(r.status()).as("HTTP status of %s", r.body()).isEqualTo(code);
        assertThat(r.body().getInt("code")).isEqualTo(code);
        assertThat(r.body().getString("status")).isEqualTo("1");
        assertThat(r.body().getString("message")).isNotBlank();
        if (error != null) {
            assertThat(r.body().getString("error")).isEqualTo(error);
        }
        assertThat(r.body().toString()).doesNotContain("Exception").doesNotContain("com.xuqinmin")
                .doesNotContain("SQL").doesNotContain(ItEnv.secret());
    }

    private static JsonObject ok(Admin.Reply r) {
        assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
        assertThat(r.body().getString("status")).isEqualTo("0");
        return r.data();
    }

    private static String single(String a, String b) {
        return a.compareTo(b) <= 0 ? "s:" + a + ":" + b : "s:" + b + ":" + a;
    }

    private static String send(String fromId, String toId, String content, String messageId) {
        return "{\"fromId\":\"" + fromId + "\",\"toId\":\"" + toId + "\",\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\","
                + "\"content\":\"" + content + "\",\"messageId\":\"" + messageId + "\"}";
    }

    private static String sendToGroup(String fromId, String groupId, String content, String messageId) {
        return send(fromId, groupId, content, messageId).replace("\"SINGLE\"", "\"GROUP\"");
    }

    // ------------------------------------------------------------------ users

    /**
     * One validation for every path that writes a profile field: a nickname with a control or a
     * bidirectional override character, or an avatar URL that is not http(s), is refused by the
     * update as by the import, and nothing changes.
     */
    @Test
    void a_nickname_with_control_or_bidi_characters_and_a_non_http_avatar_are_refused_on_update_and_import() {
        String u = ItEnv.uid("u");
        Admin.post("/api/im/admin/users", "{\"users\":[{\"userId\":\"" + u + "\",\"nickname\":\"Ann\"}]}");
        assertFailure(Admin.put(USERS + u, "{\"nickname\":\"x\\u0007\\u202e\"}"), 400, "VALIDATION_FAILED");
        assertFailure(Admin.put(USERS + u, "{\"nickname\":\"gpj.\\u202eexe\"}"), 400, "VALIDATION_FAILED");
        assertFailure(Admin.put(USERS + u, "{\"avatarUrl\":\"javascript:alert(1)\"}"), 400, "VALIDATION_FAILED");
        assertThat(ok(Admin.get(USERS + u)).getString("nickname")).isEqualTo("Ann");
        assertThat(ok(Admin.put(USERS + u, "{\"nickname\":\"\\ud83d\\udc69\\u200d\\ud83d\\udcbb Ann\"}"))
                .getString("nickname")).as("an emoji sequence with a joiner is a name").isEqualTo("\ud83d\udc69\u200d\ud83d\udcbb Ann");

        String v = ItEnv.uid("v");
        assertFailure(Admin.post("/api/im/admin/users", "{\"users\":[{\"userId\":\"" + v + "\",\"nickname\":\"\\u202e\"}]}"),
                400, "VALIDATION_FAILED");
        assertFailure(Admin.post("/api/im/admin/users",
                "{\"users\":[{\"userId\":\"" + v + "\",\"avatarUrl\":\"data:image/png;base64,AAAA\"}]}"), 400, "VALIDATION_FAILED");
        assertFailure(Admin.get(USERS + v), 404, "USER_NOT_FOUND");
    }

    @Test
    void a_user_is_read_and_updated_field_by_field() {
        String u = ItEnv.uid("u");
        Admin.post("/api/im/admin/users", "{\"users\":[{\"userId\":\"" + u + "\",\"nickname\":\"Ann\",\"avatarUrl\":\"https://a/1.png\"}]}");

        JsonObject got = ok(Admin.get(USERS + u));
        assertThat(got.getString("userId")).isEqualTo(u);
        assertThat(got.getString("nickname")).isEqualTo("Ann");
        assertThat(got.getString("avatarUrl")).isEqualTo("https://a/1.png");
        assertThat(got.getBoolean("admin")).isFalse();
        assertThat(got.getString("status")).isEqualTo("ACTIVE");
        assertThat(got.getJsonNumber("createdAt").longValue()).isPositive();

        JsonObject updated = ok(Admin.put(USERS + u, "{\"nickname\":\"Anna\",\"admin\":true}"));
        assertThat(updated.getString("nickname")).isEqualTo("Anna");
        assertThat(updated.getString("avatarUrl")).isEqualTo("https://a/1.png"); // not given: unchanged
        assertThat(updated.getBoolean("admin")).isTrue();
        JsonObject cleared = ok(Admin.put(USERS + u, "{\"avatarUrl\":\"\"}"));
        assertThat(cleared.containsKey("avatarUrl")).isFalse();
        assertThat(ok(Admin.get(USERS + u)).getString("nickname")).isEqualTo("Anna");

        assertFailure(Admin.get(USERS + ItEnv.uid("nobody")), 404, "USER_NOT_FOUND");
        assertFailure(Admin.get(USERS + "bad%20id"), 400, "VALIDATION_FAILED");
        Admin.Reply badStatus = Admin.put(USERS + u, "{\"status\":\"DELETED\"}");
        assertFailure(badStatus, 400, "VALIDATION_FAILED");
        assertThat(badStatus.body().getString("message")).contains("status");
        Admin.Reply longName = Admin.put(USERS + u, "{\"nickname\":\"" + "x".repeat(129) + "\"}");
        assertFailure(longName, 400, "VALIDATION_FAILED");
        assertThat(longName.body().getString("message")).contains("nickname");
        assertFailure(Admin.put(USERS + ItEnv.uid("nobody"), "{\"nickname\":\"x\"}"), 404, "USER_NOT_FOUND");
    }

    @Test
    void the_admin_flag_set_by_update_lets_the_users_im_jwt_call_the_server_api_and_unsetting_it_stops_it() {
        String u = ItEnv.uid("u");
        Admin.importUsers(u);
        ImClient c = ImClient.login(u);
        String path = USERS + u;

        assertFailure(c.get(path), 403, "FORBIDDEN");
        ok(Admin.put(path, "{\"admin\":true}"));
        assertThat(ok(c.get(path)).getBoolean("admin")).isTrue();
        ok(Admin.put(path, "{\"admin\":false}"));
        assertFailure(c.get(path), 403, "FORBIDDEN");
    }

    @Test
    void a_deleted_user_is_gone_and_its_tokens_stop_working_at_once() {
        String u = ItEnv.uid("u");
        Admin.importUsers(u);
        ImClient c = ImClient.login(u);
        assertThat(c.get("/api/im/groups").status()).isEqualTo(200);

        assertThat(ok(Admin.delete(USERS + u))).isEmpty();

        assertFailure(Admin.get(USERS + u), 404, "USER_NOT_FOUND");
        assertFailure(Admin.delete(USERS + u), 404, "USER_NOT_FOUND");
        assertFailure(c.get("/api/im/groups"), 401, "UNAUTHORIZED");
        Admin.Reply login = ImClient.call("POST", "/api/im/auth/login", "{\"appKey\":\"" + ItEnv.APP_KEY
                + "\",\"userId\":\"" + u + "\",\"userSig\":\"" + ItEnv.userSig(u) + "\"}", null);
        assertThat(login.status()).isEqualTo(401);
        assertThatHandshakeIsRefused(ItEnv.userSig(u));
        // importing it again brings it back
        Admin.importUsers(u);
        assertThat(ok(Admin.get(USERS + u)).getString("status")).isEqualTo("ACTIVE");
    }

    private static void assertThatHandshakeIsRefused(String token) {
        try (StompClient s = StompClient.open(token)) {
            s.sendText("CONNECT\naccept-version:1.2\nheart-beat:0,0\nhost:localhost\n\n\0");
            assertThat(s.next().command()).isEqualTo(Command.ERROR);
        } catch (StompClient.HandshakeRefused e) {
            assertThat(e.status).isEqualTo(401);
        }
    }

    @Test
    void kick_answers_empty_and_refuses_unknown_users() {
        String u = ItEnv.uid("u");
        Admin.importUsers(u);

        assertThat(ok(Admin.post(USERS + u + "/kick", "{}"))).isEmpty();
        assertThat(Admin.send("POST", USERS + u + "/kick", null, ItEnv.APP_KEY, ItEnv.secret(),
                System.currentTimeMillis(), Admin.nonce()).status()).isEqualTo(200); // no body at all
        assertFailure(Admin.post(USERS + ItEnv.uid("nobody") + "/kick", "{}"), 404, "USER_NOT_FOUND");
    }

    @Test
    void online_lists_the_connected_sessions_with_their_device_ids() {
        String u = ItEnv.uid("u");
        Admin.importUsers(u);

        JsonObject offline = ok(Admin.get(USERS + u + "/online"));
        assertThat(offline.getString("userId")).isEqualTo(u);
        assertThat(offline.getBoolean("online")).isFalse();
        assertThat(offline.getJsonArray("sessions")).isEmpty();

        long before = System.currentTimeMillis();
        try (StompClient phone = StompClient.connect(ItEnv.userSig(u), "phone");
             StompClient laptop = StompClient.connect(ItEnv.userSig(u), "laptop")) {
            JsonObject online = ok(Admin.get(USERS + u + "/online"));
            assertThat(online.getBoolean("online")).isTrue();
            List<JsonObject> sessions = online.getJsonArray("sessions").getValuesAs(JsonObject.class);
            assertThat(sessions).extracting(s -> s.getString("deviceId")).containsExactlyInAnyOrder("phone", "laptop");
            for (JsonObject s : sessions) {
                assertThat(s.getString("sessionId")).isNotBlank();
                assertThat(s.getJsonNumber("connectedAt").longValue()).isBetween(before - 1000, System.currentTimeMillis());
            }
            assertThat(phone.isClosed()).isFalse();
            assertThat(laptop.isClosed()).isFalse();
        }
        assertFailure(Admin.get(USERS + ItEnv.uid("nobody") + "/online"), 404, "USER_NOT_FOUND");
    }

    @Test
    void a_muted_user_cannot_send_until_unmuted() {
        String u = ItEnv.uid("u");
        String peer = ItEnv.uid("peer");
        Admin.importUsers(u, peer);
        ImClient c = ImClient.login(u);
        long before = System.currentTimeMillis();

        JsonObject muted = ok(Admin.post(USERS + u + "/mute", "{\"seconds\":600}"));
        assertThat(muted.getJsonNumber("mutedUntil").longValue()).isBetween(before + 599_000, System.currentTimeMillis() + 601_000);
        assertFailure(c.post("/api/im/messages/send", ImClient.text(peer, "hello?", "c-1")), 403, "USER_MUTED");

        assertThat(ok(Admin.post(USERS + u + "/mute", "{\"seconds\":0}")).containsKey("mutedUntil")).isFalse();
        assertThat(c.post("/api/im/messages/send", ImClient.text(peer, "hello!", "c-2")).status()).isEqualTo(200);

        long until = System.currentTimeMillis() + 3_600_000;
        assertThat(ok(Admin.post(USERS + u + "/mute", "{\"mutedUntil\":" + until + "}")).getJsonNumber("mutedUntil")
                .longValue()).isEqualTo(until);
        assertFailure(c.post("/api/im/messages/send", ImClient.text(peer, "again?", "c-3")), 403, "USER_MUTED");
        ok(Admin.post(USERS + u + "/mute", "{}"));
        assertThat(c.post("/api/im/messages/send", ImClient.text(peer, "again!", "c-4")).status()).isEqualTo(200);

        assertFailure(Admin.post(USERS + u + "/mute", "{\"seconds\":-1}"), 400, "VALIDATION_FAILED");
        assertFailure(Admin.post(USERS + u + "/mute", "{\"seconds\":5,\"mutedUntil\":" + until + "}"), 400, "VALIDATION_FAILED");
        assertFailure(Admin.post(USERS + ItEnv.uid("nobody") + "/mute", "{\"seconds\":5}"), 404, "USER_NOT_FOUND");
    }

    @Test
    void a_user_muted_by_the_app_is_muted_in_groups_it_moderates_too() {
        String owner = ItEnv.uid("owner");
        String group = ItEnv.uid("g");
        Admin.importUsers(owner);
        Admin.createGroup(group, owner);
        ok(Admin.post(USERS + owner + "/mute", "{\"seconds\":600}"));

        assertFailure(Admin.post(MESSAGES + "/send", sendToGroup(owner, group, "hear me", "c-1")), 403, "USER_MUTED");
    }

    @Test
    void nobody_can_become_the_system_account() {
        Admin.Reply imported = Admin.post("/api/im/admin/users", "{\"users\":[{\"userId\":\"system\"}]}");
        assertFailure(imported, 400, "VALIDATION_FAILED");
        assertThat(imported.body().getString("message")).contains("users[0].userId");
        assertFailure(Admin.post(USERS + "system/usersig", "{}"), 400, "VALIDATION_FAILED");
        Admin.Reply login = ImClient.call("POST", "/api/im/auth/login", "{\"appKey\":\"" + ItEnv.APP_KEY
                + "\",\"userId\":\"system\",\"userSig\":\"" + Tokens.valid("system") + "\"}", null);
        assertThat(login.status()).isEqualTo(401);
        assertThatHandshakeIsRefused(Tokens.valid("system"));
        // and nobody can write to it
        String u = ItEnv.uid("u");
        Admin.importUsers(u);
        assertFailure(ImClient.login(u).post("/api/im/messages/send", ImClient.text("system", "hi", "c-1")), 404,
                "USER_NOT_FOUND");
    }

    // ------------------------------------------------------------------ messages

    @Test
    void send_as_a_user_or_as_the_system_account() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, bob);
        Admin.createGroup(group, alice, bob);

        JsonObject m = ok(Admin.post(MESSAGES + "/send", send(alice, bob, "from the back-end", "s-1")));
        assertThat(m.getString("fromId")).isEqualTo(alice);
        assertThat(m.getString("toId")).isEqualTo(bob);
        assertThat(m.getString("messageId")).isEqualTo("s-1");
        assertThat(m.getString("status")).isEqualTo("SENT");
        assertThat(m.getString("conversationId")).isEqualTo(single(alice, bob));
        assertThat(m.getJsonNumber("seq").longValue()).isEqualTo(1);
        assertThat(m.getString("id")).hasSize(26);
        // the same messageId again: stored once
        assertThat(ok(Admin.post(MESSAGES + "/send", send(alice, bob, "from the back-end", "s-1"))).getString("id"))
                .isEqualTo(m.getString("id"));

        String welcomeId = ItEnv.uid("w");
        JsonObject sys = ok(Admin.post(MESSAGES + "/send", send("system", bob, "Welcome!", welcomeId)));
        assertThat(sys.getString("fromId")).isEqualTo("system");
        assertThat(sys.getString("conversationId")).isEqualTo(single("system", bob));
        // a messageId used again for another receiver is a mistake, not a resend
        Admin.Reply reused = Admin.post(MESSAGES + "/send", send("system", alice, "Welcome!", welcomeId));
        assertFailure(reused, 409, "DUPLICATE");
        assertThat(reused.body().getString("message")).contains(welcomeId);
        JsonObject sysGroup = ok(Admin.post(MESSAGES + "/send", sendToGroup("system", group, "Rules apply", ItEnv.uid("w"))));
        assertThat(sysGroup.getString("conversationId")).isEqualTo("g:" + group);

        Admin.Reply noFrom = Admin.post(MESSAGES + "/send", send(alice, bob, "x", "s-2").replace("\"fromId\":\"" + alice + "\",", ""));
        assertFailure(noFrom, 400, "VALIDATION_FAILED");
        assertThat(noFrom.body().getString("message")).contains("fromId");
        assertFailure(Admin.post(MESSAGES + "/send", send(ItEnv.uid("nobody"), bob, "x", "s-3")), 404, "USER_NOT_FOUND");
        assertFailure(Admin.post(MESSAGES + "/send", send(alice, ItEnv.uid("nobody"), "x", "s-4")), 404, "USER_NOT_FOUND");
        String stranger = ItEnv.uid("stranger");
        Admin.importUsers(stranger);
        assertFailure(Admin.post(MESSAGES + "/send", sendToGroup(stranger, group, "x", "s-5")), 403, "NOT_GROUP_MEMBER");
        assertFailure(Admin.post(MESSAGES + "/send", sendToGroup("system", ItEnv.uid("nosuch"), "x", ItEnv.uid("w"))), 404,
                "GROUP_NOT_FOUND");
        Admin.Reply badType = Admin.post(MESSAGES + "/send", send(alice, bob, "x", "s-7").replace("TEXT", "HOLOGRAM"));
        assertFailure(badType, 400, "VALIDATION_FAILED");
        assertThat(badType.body().getString("message")).contains("msgType");
    }

    @Test
    void batch_send_answers_one_result_per_receiver_and_a_retry_is_stored_once() {
        String from = ItEnv.uid("from");
        String r1 = ItEnv.uid("r");
        String r2 = ItEnv.uid("r");
        String missing = ItEnv.uid("missing");
        Admin.importUsers(from, r1, r2);
        String body = "{\"fromId\":\"" + from + "\",\"toIds\":[\"" + r1 + "\",\"" + missing + "\",\"" + r2 + "\",\"" + r1
                + "\"],\"msgType\":\"TEXT\",\"content\":\"Announcement\",\"messageId\":\"batch-1\"}";

        List<JsonObject> results = ok(Admin.post(MESSAGES + "/batch-send", body)).getJsonArray("results")
                .getValuesAs(JsonObject.class);

        assertThat(results).extracting(r -> r.getString("toId")).containsExactly(r1, missing, r2);
        JsonObject first = results.get(0);
        assertThat(first.getInt("code")).isEqualTo(200);
        assertThat(first.getString("status")).isEqualTo("0");
        assertThat(first.getJsonObject("data").getString("toId")).isEqualTo(r1);
        assertThat(first.getJsonObject("data").getString("content")).isEqualTo("Announcement");
        assertThat(first.getJsonObject("data").getString("conversationId")).isEqualTo(single(from, r1));
        JsonObject refused = results.get(1);
        assertThat(refused.getInt("code")).isEqualTo(404);
        assertThat(refused.getString("status")).isEqualTo("1");
        assertThat(refused.getString("error")).isEqualTo("USER_NOT_FOUND");
        assertThat(refused.containsKey("data")).isFalse();
        assertThat(results.get(2).getInt("code")).isEqualTo(200);

        List<JsonObject> retried = ok(Admin.post(MESSAGES + "/batch-send", body)).getJsonArray("results")
                .getValuesAs(JsonObject.class);
        assertThat(retried.get(0).getJsonObject("data").getString("id")).isEqualTo(first.getJsonObject("data").getString("id"));
        assertThat(retried.get(2).getJsonObject("data").getString("id"))
                .isEqualTo(results.get(2).getJsonObject("data").getString("id"));

        // the system account may send batches too
        String sys = "{\"fromId\":\"system\",\"toIds\":[\"" + r1 + "\"],\"msgType\":\"TEXT\",\"content\":\"Hi\"}";
        assertThat(ok(Admin.post(MESSAGES + "/batch-send", sys)).getJsonArray("results").getJsonObject(0)
                .getJsonObject("data").getString("fromId")).isEqualTo("system");
    }

    @Test
    void batch_send_takes_1_to_500_receivers() {
        String from = ItEnv.uid("from");
        Admin.importUsers(from);
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 501; i++) {
            many.append(i == 0 ? "" : ",").append("\"u").append(i).append('"');
        }
        Admin.Reply tooMany = Admin.post(MESSAGES + "/batch-send", "{\"fromId\":\"" + from + "\",\"toIds\":[" + many
                + "],\"msgType\":\"TEXT\",\"content\":\"x\"}");
        assertFailure(tooMany, 400, "VALIDATION_FAILED");
        assertThat(tooMany.body().getString("message")).contains("500");
        Admin.Reply none = Admin.post(MESSAGES + "/batch-send", "{\"fromId\":\"" + from + "\",\"toIds\":[],\"msgType\":\"TEXT\",\"content\":\"x\"}");
        assertFailure(none, 400, "VALIDATION_FAILED");
        assertThat(none.body().getString("message")).contains("toIds");
        Admin.Reply notString = Admin.post(MESSAGES + "/batch-send", "{\"fromId\":\"" + from + "\",\"toIds\":[\"a\",7],\"msgType\":\"TEXT\",\"content\":\"x\"}");
        assertFailure(notString, 400, "VALIDATION_FAILED");
        assertThat(notString.body().getString("message")).contains("toIds[1]");
        assertFailure(Admin.post(MESSAGES + "/batch-send", "{\"fromId\":\"" + ItEnv.uid("nobody")
                + "\",\"toIds\":[\"a\"],\"msgType\":\"TEXT\",\"content\":\"x\"}"), 404, "USER_NOT_FOUND");
    }

    @Test
    void the_server_api_revokes_any_message_after_the_senders_window_has_passed() throws Exception {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        ImClient a = ImClient.login(alice);
        JsonObject m = a.post("/api/im/messages/send", ImClient.text(bob, "regret", "c-1")).data();
        Thread.sleep(3_500); // the IT server's revoke window is 3 s (server.env)
        assertFailure(a.post("/api/im/messages/revoke", "{\"messageId\":\"c-1\"}"), 403, "REVOKE_WINDOW_PASSED");

        JsonObject revoked = ok(Admin.post(MESSAGES + "/" + m.getString("id") + "/revoke", null));

        assertThat(revoked.getString("id")).isEqualTo(m.getString("id"));
        assertThat(revoked.getString("status")).isEqualTo("REVOKED");
        assertThat(revoked.getString("content")).isEmpty();
        assertThat(revoked.getJsonNumber("revokedAt").longValue()).isPositive();
        // twice is fine: the stored state again
        assertThat(ok(Admin.post(MESSAGES + "/" + m.getString("id") + "/revoke", "{}")).getString("status")).isEqualTo("REVOKED");
        assertFailure(Admin.post(MESSAGES + "/01JDNOSUCHMESSAGE000000000/revoke", "{}"), 404, "MESSAGE_NOT_FOUND");
    }

    @Test
    void history_of_any_conversation_of_the_app() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, bob);
        Admin.createGroup(group, alice);
        for (int i = 1; i <= 3; i++) {
            Admin.post(MESSAGES + "/send", send(alice, bob, "m" + i, "h-" + i));
        }
        Admin.post(MESSAGES + "/send", sendToGroup(alice, group, "g1", "hg-1"));

        JsonObject page = ok(Admin.get(MESSAGES + "?conversationId=" + single(alice, bob) + "&limit=2"));
        assertThat(page.getJsonArray("messages").getValuesAs(JsonObject.class)).extracting(m -> m.getString("content"))
                .containsExactly("m3", "m2");
        assertThat(page.getBoolean("hasMore")).isTrue();
        JsonObject rest = ok(Admin.get(MESSAGES + "?conversationId=" + single(alice, bob) + "&beforeSeq=2"));
        assertThat(rest.getJsonArray("messages").getValuesAs(JsonObject.class)).extracting(m -> m.getString("content"))
                .containsExactly("m1");
        assertThat(rest.getBoolean("hasMore")).isFalse();
        assertThat(ok(Admin.get(MESSAGES + "?conversationId=g:" + group)).getJsonArray("messages")).hasSize(1);
        assertThat(ok(Admin.get(MESSAGES + "?conversationId=g:" + ItEnv.uid("empty"))).getJsonArray("messages")).isEmpty();

        assertFailure(Admin.get(MESSAGES), 400, "VALIDATION_FAILED");
        assertFailure(Admin.get(MESSAGES + "?conversationId=nonsense"), 400, "VALIDATION_FAILED");
        assertFailure(Admin.get(MESSAGES + "?conversationId=g:" + group + "&limit=500"), 400, "VALIDATION_FAILED");
    }

    // ------------------------------------------------------------------ groups

    @Test
    void a_group_is_read_renamed_and_its_members_listed_with_roles() {
        String owner = ItEnv.uid("owner");
        String m1 = ItEnv.uid("m");
        String m2 = ItEnv.uid("m");
        String group = ItEnv.uid("g");
        Admin.importUsers(owner, m1, m2);
        Admin.createGroup(group, owner, m1, m2);

        JsonObject g = ok(Admin.get(GROUPS + group));
        assertThat(g.getString("groupId")).isEqualTo(group);
        assertThat(g.getString("name")).isEqualTo("Test group");
        assertThat(g.getString("ownerId")).isEqualTo(owner);
        assertThat(g.getInt("memberCount")).isEqualTo(3);
        assertThat(g.getBoolean("mutedAll")).isFalse();

        assertThat(ok(Admin.put(GROUPS + group, "{\"name\":\"Renamed\"}")).getString("name")).isEqualTo("Renamed");
        assertThat(ok(Admin.get(GROUPS + group)).getString("name")).isEqualTo("Renamed");
        Admin.Reply blank = Admin.put(GROUPS + group, "{\"name\":\" \"}");
        assertFailure(blank, 400, "VALIDATION_FAILED");
        assertThat(blank.body().getString("message")).contains("name");

        ok(Admin.put(GROUPS + group + "/members/" + m2 + "/role", "{\"role\":\"ADMIN\"}"));
        JsonObject members = ok(Admin.get(GROUPS + group + "/members?size=2"));
        assertThat(members.getJsonNumber("total").longValue()).isEqualTo(3);
        assertThat(members.getJsonArray("items").getValuesAs(JsonObject.class))
                .extracting(m -> m.getString("userId") + ":" + m.getString("role"))
                .containsExactly(owner + ":OWNER", m2 + ":ADMIN");
        assertThat(ok(Admin.get(GROUPS + group + "/members?page=1&size=2")).getJsonArray("items").getValuesAs(JsonObject.class))
                .extracting(m -> m.getString("userId")).containsExactly(m1);
        assertFailure(Admin.get(GROUPS + group + "/members?size=1000"), 400, "VALIDATION_FAILED");
        assertFailure(Admin.get(GROUPS + ItEnv.uid("nosuch")), 404, "GROUP_NOT_FOUND");
    }

    @Test
    void roles_are_admin_or_member_and_the_owner_changes_by_transfer() {
        String owner = ItEnv.uid("owner");
        String m1 = ItEnv.uid("m");
        String group = ItEnv.uid("g");
        Admin.importUsers(owner, m1);
        Admin.createGroup(group, owner, m1);

        assertThat(ok(Admin.put(GROUPS + group + "/members/" + m1 + "/role", "{\"role\":\"ADMIN\"}")).getString("role"))
                .isEqualTo("ADMIN");
        assertThat(ok(Admin.put(GROUPS + group + "/members/" + m1 + "/role", "{\"role\":\"MEMBER\"}")).getString("role"))
                .isEqualTo("MEMBER");
        Admin.Reply toOwner = Admin.put(GROUPS + group + "/members/" + m1 + "/role", "{\"role\":\"OWNER\"}");
        assertFailure(toOwner, 400, "VALIDATION_FAILED");
        assertThat(toOwner.body().getString("message")).contains("role");
        assertFailure(Admin.put(GROUPS + group + "/members/" + owner + "/role", "{\"role\":\"MEMBER\"}"), 409, "CONFLICT");
        assertFailure(Admin.put(GROUPS + group + "/members/" + ItEnv.uid("x") + "/role", "{\"role\":\"ADMIN\"}"), 404, "NOT_FOUND");

        JsonObject t = ok(Admin.post(GROUPS + group + "/transfer", "{\"newOwnerId\":\"" + m1 + "\"}"));
        assertThat(t.getString("ownerId")).isEqualTo(m1);
        // the former owner can now be removed
        ok(Admin.delete(GROUPS + group + "/members/" + owner));
        assertThat(ok(Admin.get(GROUPS + group)).getInt("memberCount")).isEqualTo(1);
    }

    @Test
    void a_muted_member_and_a_muted_group_silence_members_but_not_owners_and_admins() {
        String owner = ItEnv.uid("owner");
        String admin = ItEnv.uid("admin");
        String member = ItEnv.uid("member");
        String group = ItEnv.uid("g");
        Admin.importUsers(owner, admin, member);
        Admin.createGroup(group, owner, admin, member);
        ok(Admin.put(GROUPS + group + "/members/" + admin + "/role", "{\"role\":\"ADMIN\"}"));
        long before = System.currentTimeMillis();

        JsonObject mm = ok(Admin.post(GROUPS + group + "/members/" + member + "/mute", "{\"seconds\":600}"));
        assertThat(mm.getJsonNumber("mutedUntil").longValue()).isGreaterThan(before + 590_000);
        assertFailure(Admin.post(MESSAGES + "/send", sendToGroup(member, group, "x", "c-1")), 403, "USER_MUTED");
        ok(Admin.post(GROUPS + group + "/members/" + member + "/mute", "{\"seconds\":0}"));
        ok(Admin.post(MESSAGES + "/send", sendToGroup(member, group, "back", "c-2")));

        JsonObject all = ok(Admin.post(GROUPS + group + "/mute", "{\"mutedAll\":true}"));
        assertThat(all.getBoolean("mutedAll")).isTrue();
        assertFailure(Admin.post(MESSAGES + "/send", sendToGroup(member, group, "x", "c-3")), 403, "USER_MUTED");
        ok(Admin.post(MESSAGES + "/send", sendToGroup(owner, group, "owners speak", "c-4")));
        ok(Admin.post(MESSAGES + "/send", sendToGroup(admin, group, "admins speak", "c-5")));
        ok(Admin.post(GROUPS + group + "/mute", "{\"mutedAll\":false}"));
        ok(Admin.post(MESSAGES + "/send", sendToGroup(member, group, "free again", "c-6")));

        assertFailure(Admin.post(GROUPS + group + "/mute", "{}"), 400, "VALIDATION_FAILED");
        assertFailure(Admin.post(GROUPS + group + "/members/" + ItEnv.uid("x") + "/mute", "{\"seconds\":5}"), 404, "NOT_FOUND");
    }

    @Test
    void a_dismissed_group_is_gone_but_its_history_stays_readable_by_the_back_end() {
        String owner = ItEnv.uid("owner");
        String group = ItEnv.uid("g");
        Admin.importUsers(owner);
        Admin.createGroup(group, owner);
        ok(Admin.post(MESSAGES + "/send", sendToGroup(owner, group, "archive me", "c-1")));

        assertThat(ok(Admin.post(GROUPS + group + "/dismiss", null))).isEmpty();

        assertFailure(Admin.get(GROUPS + group), 404, "GROUP_NOT_FOUND");
        assertFailure(Admin.post(GROUPS + group + "/dismiss", "{}"), 404, "GROUP_NOT_FOUND");
        assertFailure(Admin.post(MESSAGES + "/send", sendToGroup(owner, group, "x", "c-2")), 404, "GROUP_NOT_FOUND");
        assertThat(ok(Admin.get(MESSAGES + "?conversationId=g:" + group)).getJsonArray("messages")).hasSize(1);
        assertFailure(Admin.post("/api/im/admin/groups", "{\"groupId\":\"" + group + "\",\"name\":\"Again\",\"ownerId\":\""
                + owner + "\"}"), 409, "DUPLICATE");
    }

    @Test
    void a_non_admin_im_jwt_may_not_manage_users_messages_or_groups() {
        String u = ItEnv.uid("u");
        Admin.importUsers(u);
        ImClient c = ImClient.login(u);

        assertFailure(c.get(USERS + u), 403, "FORBIDDEN");
        assertFailure(c.post(MESSAGES + "/send", send(u, u, "x", "c-1")), 403, "FORBIDDEN");
        assertFailure(c.get(GROUPS + "demo_group"), 403, "FORBIDDEN");
        assertFailure(ImClient.withAuthorization(null).get(USERS + u), 401, "INVALID_SIGNATURE");
    }
}
