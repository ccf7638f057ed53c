package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The IM client HTTP API (API.md §4) as an app with a logged-in user sees it: a userSig exchanged
 * for an im_jwt, then messages, history, conversations and groups over HTTP, and the refusals —
 * always in the envelope, whatever layer refuses.
 */
class ImClientApiIT {

    private static void assertFailure(Admin.Reply r, int code, String error) {
        assertThat(r.status()).as("HTTP status of %s", r.body()).isEqualTo(code);
        assertThat(r.body().getInt("code")).isEqualTo(code);
        assertThat(r.body().getString("status")).isEqualTo("1");
        assertThat(r.body().getString("message")).isNotBlank();
        assertThat(r.body().getString("requestId")).isNotBlank();
        if (error != null) {
            assertThat(r.body().getString("error")).isEqualTo(error);
        }
        String text = r.body().toString();
        assertThat(text).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("com.xuqinmin")
                .doesNotContain("SQL");
    }

    private static void assertOk(Admin.Reply r) {
        assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
        assertThat(r.body().getString("status")).isEqualTo("0");
    }

    private static List<String> strings(JsonArray a) {
        return a.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static String single(String a, String b) {
        return a.compareTo(b) <= 0 ? "s:" + a + ":" + b : "s:" + b + ":" + a;
    }

    // ------------------------------------------------------------------ authentication

    @Test
    void a_user_sig_logs_in_and_the_im_jwt_opens_the_client_api() {
        String alice = ItEnv.uid("alice");
        Admin.importUsers(alice);

        Admin.Reply login = ImClient.call("POST", "/api/im/auth/login", "{\"appKey\":\"" + ItEnv.APP_KEY
                + "\",\"userId\":\"" + alice + "\",\"userSig\":\"" + ItEnv.userSig(alice) + "\"}", null);
        assertOk(login);
        assertThat(login.data().getString("userId")).isEqualTo(alice);
        assertThat(login.data().getString("appKey")).isEqualTo(ItEnv.APP_KEY);

        Admin.Reply r = ImClient.withToken(login.data().getString("token")).get("/api/im/groups");
        assertOk(r);
        assertThat(r.body().getJsonArray("data")).isEmpty();
        assertThat(r.requestIdHeader()).isEqualTo(r.body().getString("requestId"));
    }

    @Test
    void no_token_is_401_in_the_envelope_with_a_bearer_challenge() {
        for (String path : new String[] {"/api/im/groups", "/api/im/conversations", "/api/im/messages/history?conversationId=x"}) {
            Admin.Reply r = ImClient.withAuthorization(null).get(path);
            assertFailure(r, 401, "UNAUTHORIZED");
        }
        assertFailure(ImClient.withAuthorization(null).post("/api/im/messages/send", ImClient.text("x", "hi", "m-1")),
                401, "UNAUTHORIZED");
    }

    @Test
    void a_refused_token_gets_a_bearer_challenge() throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(ItEnv.http("/api/im/conversations")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"xuqm-im\"");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    }

    @Test
    void the_token_of_a_deleted_user_is_401_in_the_envelope() {
        String alice = ItEnv.uid("alice");
        Admin.importUsers(alice);
        ImClient a = ImClient.login(alice);
        Admin.delete("/api/im/admin/users/" + alice);

        assertFailure(a.get("/api/im/conversations"), 401, "UNAUTHORIZED");
    }

    @Test
    void a_malformed_or_non_bearer_token_is_401_in_the_envelope() {
        assertFailure(ImClient.withToken("abc.def.ghi").get("/api/im/groups"), 401, "UNAUTHORIZED");
        assertFailure(ImClient.withToken("not-a-jwt").get("/api/im/conversations"), 401, "UNAUTHORIZED");
        assertFailure(ImClient.withAuthorization("Basic YWxpY2U6c2VjcmV0").get("/api/im/groups"), 401, "UNAUTHORIZED");
    }

    @Test
    void an_expired_or_forged_im_jwt_is_401_while_the_same_token_made_right_works() {
        String alice = ItEnv.uid("alice");
        Admin.importUsers(alice);
        Tokens.ServerKey k = Tokens.serverKey();
        long now = System.currentTimeMillis() / 1000;
        // the hand-made token is accepted when nothing is wrong with it ...
        String good = Tokens.rs256(k.kid(), Tokens.imJwtClaims(alice, "im-user", now, now + 600), k.key());
        assertOk(ImClient.withToken(good).get("/api/im/groups"));

        // ... and refused, in the envelope, when one thing is
        assertFailure(ImClient.withToken(Tokens.expiredImJwt(alice)).get("/api/im/groups"), 401, "UNAUTHORIZED");
        assertFailure(ImClient.withToken(Tokens.forgedImJwt(alice)).get("/api/im/groups"), 401, "UNAUTHORIZED");
        String otherIssuer = Tokens.rs256(k.kid(), Tokens.imJwtClaims(alice, "im-user", now, now + 600)
                .replace("\"iss\":\"xuqm-im\"", "\"iss\":\"someone-else\""), k.key());
        assertFailure(ImClient.withToken(otherIssuer).get("/api/im/groups"), 401, "UNAUTHORIZED");
        // a userSig is the user's password, not a session token
        assertFailure(ImClient.withToken(ItEnv.userSig(alice)).get("/api/im/groups"), 401, "UNAUTHORIZED");
    }

    @Test
    void a_platform_token_without_the_im_user_group_is_refused_in_the_envelope() {
        String alice = ItEnv.uid("alice");
        Admin.importUsers(alice);
        Tokens.ServerKey k = Tokens.serverKey();
        long now = System.currentTimeMillis() / 1000;
        String tenantish = Tokens.rs256(k.kid(), Tokens.imJwtClaims(alice, "tenant", now, now + 600), k.key());

        Admin.Reply r = ImClient.withToken(tenantish).get("/api/im/groups");

        assertFailure(r, 403, "FORBIDDEN");
    }

    // ------------------------------------------------------------------ messages

    @Test
    void send_answers_the_stored_message_with_the_fields_of_a_message_body() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        ImClient a = ImClient.login(alice);
        long before = System.currentTimeMillis();

        Admin.Reply r = a.post("/api/im/messages/send", ImClient.text(bob, "Hello over HTTP", "c-1"));

        assertOk(r);
        JsonObject m = r.data();
        assertThat(m.getString("id")).hasSize(26);
        assertThat(m.getString("messageId")).isEqualTo("c-1");
        assertThat(m.getString("fromId")).isEqualTo(alice);
        assertThat(m.getString("toId")).isEqualTo(bob);
        assertThat(m.getString("chatType")).isEqualTo("SINGLE");
        assertThat(m.getString("msgType")).isEqualTo("TEXT");
        assertThat(m.getString("content")).isEqualTo("Hello over HTTP");
        assertThat(m.getString("status")).isEqualTo("SENT");
        assertThat(m.getJsonNumber("createdAt").longValue()).isBetween(before - 1000, System.currentTimeMillis() + 1000);
        assertThat(m.getString("conversationId")).isEqualTo(single(alice, bob));
        assertThat(m.getJsonNumber("seq").longValue()).isEqualTo(1);

        // the same messageId again is answered with the message stored the first time
        Admin.Reply again = a.post("/api/im/messages/send", ImClient.text(bob, "Hello over HTTP", "c-1"));
        assertOk(again);
        assertThat(again.data().getString("id")).isEqualTo(m.getString("id"));
        assertThat(a.post("/api/im/messages/send", ImClient.text(bob, "second", "c-2")).data()
                .getJsonNumber("seq").longValue()).isEqualTo(2);
    }

    @Test
    void send_refusals_name_the_field_or_the_rule() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, bob);
        Admin.createGroup(group, bob);
        ImClient a = ImClient.login(alice);

        Admin.Reply noTo = a.post("/api/im/messages/send", "{\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\",\"content\":\"x\"}");
        assertFailure(noTo, 400, "VALIDATION_FAILED");
        assertThat(noTo.body().getString("message")).contains("toId");
        Admin.Reply badType = a.post("/api/im/messages/send",
                "{\"toId\":\"" + bob + "\",\"chatType\":\"CHANNEL\",\"msgType\":\"TEXT\",\"content\":\"x\"}");
        assertFailure(badType, 400, "VALIDATION_FAILED");
        assertThat(badType.body().getString("message")).contains("chatType");
        assertFailure(a.post("/api/im/messages/send", "[1,2]"), 400, "VALIDATION_FAILED");
        assertFailure(a.post("/api/im/messages/send", ImClient.text(ItEnv.uid("nobody"), "x", "c-1")), 404, "USER_NOT_FOUND");
        assertFailure(a.post("/api/im/messages/send", ImClient.groupText(group, "let me in", "c-2")), 403, "NOT_GROUP_MEMBER");
        Admin.Reply otherApp = a.post("/api/im/messages/send", "{\"appKey\":\"ak_other\",\"toId\":\"" + bob
                + "\",\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\",\"content\":\"x\"}");
        assertFailure(otherApp, 403, "APP_MISMATCH");
    }

    @Test
    void revoke_is_for_the_sender_and_answers_the_revoked_message() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        ImClient a = ImClient.login(alice);
        ImClient b = ImClient.login(bob);
        JsonObject m = a.post("/api/im/messages/send", ImClient.text(bob, "oops", "c-1")).data();

        assertFailure(b.post("/api/im/messages/revoke", "{\"messageId\":\"" + m.getString("id") + "\"}"), 403,
                "NOT_MESSAGE_SENDER");
        assertFailure(a.post("/api/im/messages/revoke", "{\"messageId\":\"no-such-message\"}"), 404, "MESSAGE_NOT_FOUND");
        assertFailure(a.post("/api/im/messages/revoke", "{}"), 400, "VALIDATION_FAILED");

        // by the client's own messageId
        Admin.Reply r = a.post("/api/im/messages/revoke", "{\"messageId\":\"c-1\"}");
        assertOk(r);
        assertThat(r.data().getString("id")).isEqualTo(m.getString("id"));
        assertThat(r.data().getString("status")).isEqualTo("REVOKED");
        assertThat(r.data().getString("content")).isEmpty();
        JsonObject inHistory = a.get("/api/im/messages/history?conversationId=" + m.getString("conversationId"))
                .data().getJsonArray("messages").getJsonObject(0);
        assertThat(inHistory.getString("status")).isEqualTo("REVOKED");
    }

    @Test
    void read_marks_the_conversation_read_and_only_a_participant_may() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String eve = ItEnv.uid("eve");
        Admin.importUsers(alice, bob, eve);
        ImClient a = ImClient.login(alice);
        ImClient b = ImClient.login(bob);
        String cid = single(alice, bob);
        a.post("/api/im/messages/send", ImClient.text(bob, "one", "c-1"));
        a.post("/api/im/messages/send", ImClient.text(bob, "two", "c-2"));

        Admin.Reply r = b.post("/api/im/messages/read", "{\"conversationId\":\"" + cid + "\",\"seq\":99}");
        assertOk(r);
        assertThat(r.data().getString("conversationId")).isEqualTo(cid);
        assertThat(r.data().getJsonNumber("readSeq").longValue()).isEqualTo(2); // capped at the last seq

        assertFailure(ImClient.login(eve).post("/api/im/messages/read", "{\"conversationId\":\"" + cid + "\",\"seq\":1}"),
                403, "NOT_CONVERSATION_MEMBER");
        Admin.Reply badSeq = b.post("/api/im/messages/read", "{\"conversationId\":\"" + cid + "\",\"seq\":0}");
        assertFailure(badSeq, 400, "VALIDATION_FAILED");
        assertThat(badSeq.body().getString("message")).contains("seq");
    }

    @Test
    void history_pages_newest_first_with_before_seq_and_has_more() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        ImClient a = ImClient.login(alice);
        for (int i = 1; i <= 5; i++) {
            a.post("/api/im/messages/send", ImClient.text(bob, "m" + i, "c-" + i));
        }
        String cid = single(alice, bob);
        ImClient b = ImClient.login(bob);

        JsonObject first = b.get("/api/im/messages/history?conversationId=" + cid + "&limit=2").data();
        assertThat(first.getJsonArray("messages").getValuesAs(JsonObject.class))
                .extracting(m -> m.getString("content")).containsExactly("m5", "m4");
        assertThat(first.getBoolean("hasMore")).isTrue();

        JsonObject next = b.get("/api/im/messages/history?conversationId=" + cid + "&beforeSeq=4&limit=2").data();
        assertThat(next.getJsonArray("messages").getValuesAs(JsonObject.class))
                .extracting(m -> m.getJsonNumber("seq").longValue()).containsExactly(3L, 2L);
        assertThat(next.getBoolean("hasMore")).isTrue();

        JsonObject last = b.get("/api/im/messages/history?conversationId=" + cid + "&beforeSeq=2&limit=2").data();
        assertThat(last.getJsonArray("messages")).hasSize(1);
        assertThat(last.getBoolean("hasMore")).isFalse();

        JsonObject all = a.get("/api/im/messages/history?conversationId=" + cid).data();
        assertThat(all.getJsonArray("messages")).hasSize(5);
        assertThat(all.getBoolean("hasMore")).isFalse();
    }

    @Test
    void history_refuses_strangers_former_members_and_bad_parameters() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String eve = ItEnv.uid("eve");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, bob, eve);
        Admin.createGroup(group, alice, bob);
        ImClient a = ImClient.login(alice);
        ImClient b = ImClient.login(bob);
        ImClient e = ImClient.login(eve);
        a.post("/api/im/messages/send", ImClient.text(bob, "private", "c-1"));
        a.post("/api/im/messages/send", ImClient.groupText(group, "members only", "c-2"));

        assertFailure(e.get("/api/im/messages/history?conversationId=" + single(alice, bob)), 403, "NOT_CONVERSATION_MEMBER");
        assertFailure(e.get("/api/im/messages/history?conversationId=g:" + group), 403, "NOT_CONVERSATION_MEMBER");
        assertFailure(e.get("/api/im/messages/history?conversationId=g:no_such_group"), 403, "NOT_CONVERSATION_MEMBER");
        assertFailure(e.get("/api/im/messages/history?conversationId=garbage"), 403, "NOT_CONVERSATION_MEMBER");

        assertThat(b.get("/api/im/messages/history?conversationId=g:" + group).data().getJsonArray("messages")).hasSize(1);
        Admin.removeMember(group, bob);
        assertFailure(b.get("/api/im/messages/history?conversationId=g:" + group), 403, "NOT_CONVERSATION_MEMBER");

        String cid = single(alice, bob);
        for (String bad : new String[] {"&limit=0", "&limit=101", "&limit=ten", "&beforeSeq=0", "&beforeSeq=x"}) {
            Admin.Reply r = a.get("/api/im/messages/history?conversationId=" + cid + bad);
            assertFailure(r, 400, "VALIDATION_FAILED");
            assertThat(r.body().getString("message")).contains(bad.substring(1, bad.indexOf('=')));
        }
        assertFailure(a.get("/api/im/messages/history"), 400, "VALIDATION_FAILED");
    }

    @Test
    void a_member_added_later_reads_the_group_history_from_when_it_joined() {
        String alice = ItEnv.uid("alice");
        String carol = ItEnv.uid("carol");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, carol);
        Admin.createGroup(group, alice);
        ImClient a = ImClient.login(alice);
        a.post("/api/im/messages/send", ImClient.groupText(group, "before carol", "c-1"));
        Admin.addMembers(group, carol);
        a.post("/api/im/messages/send", ImClient.groupText(group, "after carol", "c-2"));

        JsonObject h = ImClient.login(carol).get("/api/im/messages/history?conversationId=g:" + group).data();

        assertThat(h.getJsonArray("messages").getValuesAs(JsonObject.class))
                .extracting(m -> m.getString("content")).containsExactly("after carol");
        assertThat(h.getBoolean("hasMore")).isFalse();
    }

    // ------------------------------------------------------------------ conversations

    @Test
    void conversations_list_the_last_message_and_unread_counts_newest_activity_first() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, bob, carol);
        Admin.createGroup(group, carol, alice);
        ImClient a = ImClient.login(alice);
        ImClient b = ImClient.login(bob);
        ImClient c = ImClient.login(carol);

        b.post("/api/im/messages/send", ImClient.text(alice, "b1", "c-1"));
        b.post("/api/im/messages/send", ImClient.text(alice, "b2", "c-2"));
        c.post("/api/im/messages/send", ImClient.groupText(group, "g1", "c-1"));
        b.post("/api/im/messages/send", ImClient.text(alice, "b3", "c-3"));

        JsonObject page = a.get("/api/im/conversations").data();
        assertThat(page.getJsonNumber("total").longValue()).isEqualTo(2);
        List<JsonObject> items = page.getJsonArray("items").getValuesAs(JsonObject.class);
        assertThat(items).extracting(i -> i.getString("conversationId")).containsExactly(single(alice, bob), "g:" + group);

        JsonObject withBob = items.get(0);
        assertThat(withBob.getString("chatType")).isEqualTo("SINGLE");
        assertThat(withBob.getString("peerId")).isEqualTo(bob);
        assertThat(withBob.containsKey("groupId")).isFalse();
        assertThat(withBob.getJsonObject("lastMessage").getString("content")).isEqualTo("b3");
        assertThat(withBob.getJsonObject("lastMessage").getJsonNumber("seq").longValue()).isEqualTo(3);
        assertThat(withBob.getJsonNumber("lastSeq").longValue()).isEqualTo(3);
        assertThat(withBob.getJsonNumber("unreadCount").longValue()).isEqualTo(3);

        JsonObject inGroup = items.get(1);
        assertThat(inGroup.getString("chatType")).isEqualTo("GROUP");
        assertThat(inGroup.getString("groupId")).isEqualTo(group);
        assertThat(inGroup.getJsonNumber("unreadCount").longValue()).isEqualTo(1);

        // reading up to 2 leaves 1; the reader's own reply then counts as having read everything before it
        a.post("/api/im/messages/read", "{\"conversationId\":\"" + single(alice, bob) + "\",\"seq\":2}");
        assertThat(unread(a, single(alice, bob))).isEqualTo(1);
        a.post("/api/im/messages/send", ImClient.text(bob, "a4", "c-4"));
        assertThat(unread(a, single(alice, bob))).isEqualTo(0);
        // ... and the sender's own messages never count as unread for it; for the other side they do
        assertThat(unread(b, single(alice, bob))).isEqualTo(1);
        // when the peer answers, only the answer is unread: the reader's own message before it still counts
        b.post("/api/im/messages/send", ImClient.text(alice, "b5", "c-5"));
        assertThat(unread(a, single(alice, bob))).isEqualTo(1);
        assertThat(unread(b, single(alice, bob))).isEqualTo(0);
        // a reply moved the chat with bob to the front, then a group message moves the group there
        c.post("/api/im/messages/send", ImClient.groupText(group, "g2", "c-2"));
        assertThat(a.get("/api/im/conversations").data().getJsonArray("items").getJsonObject(0).getString("conversationId"))
                .isEqualTo("g:" + group);
    }

    private static long unread(ImClient c, String cid) {
        for (JsonObject i : c.get("/api/im/conversations?size=100").data().getJsonArray("items").getValuesAs(JsonObject.class)) {
            if (i.getString("conversationId").equals(cid)) {
                return i.getJsonNumber("unreadCount").longValue();
            }
        }
        throw new AssertionError("no conversation " + cid);
    }

    @Test
    void conversations_are_paged_with_a_bounded_size() {
        String alice = ItEnv.uid("alice");
        String[] peers = {ItEnv.uid("p"), ItEnv.uid("p"), ItEnv.uid("p")};
        Admin.importUsers(alice, peers[0], peers[1], peers[2]);
        ImClient a = ImClient.login(alice);
        for (String p : peers) {
            a.post("/api/im/messages/send", ImClient.text(p, "hi " + p, "c-" + p));
        }

        JsonObject p0 = a.get("/api/im/conversations?page=0&size=2").data();
        JsonObject p1 = a.get("/api/im/conversations?page=1&size=2").data();

        assertThat(p0.getJsonNumber("total").longValue()).isEqualTo(3);
        assertThat(p0.getInt("page")).isZero();
        assertThat(p0.getInt("size")).isEqualTo(2);
        assertThat(p0.getJsonArray("items").getValuesAs(JsonObject.class)).extracting(i -> i.getString("peerId"))
                .containsExactly(peers[2], peers[1]);
        assertThat(p1.getJsonArray("items").getValuesAs(JsonObject.class)).extracting(i -> i.getString("peerId"))
                .containsExactly(peers[0]);
        // nothing sent by the user is unread for it
        assertThat(p1.getJsonArray("items").getJsonObject(0).getJsonNumber("unreadCount").longValue()).isZero();
        assertFailure(a.get("/api/im/conversations?size=101"), 400, "VALIDATION_FAILED");
        assertFailure(a.get("/api/im/conversations?page=-1"), 400, "VALIDATION_FAILED");
        assertFailure(a.get("/api/im/conversations?size=lots"), 400, "VALIDATION_FAILED");
    }

    // ------------------------------------------------------------------ groups

    @Test
    void a_user_creates_a_group_and_becomes_its_owner() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, bob);
        ImClient a = ImClient.login(alice);

        Admin.Reply r = a.post("/api/im/groups", "{\"groupId\":\"" + group + "\",\"name\":\"Team\",\"memberIds\":[\"" + bob + "\"]}");

        assertOk(r);
        assertThat(r.data().getString("groupId")).isEqualTo(group);
        assertThat(r.data().getString("ownerId")).isEqualTo(alice);
        assertThat(r.data().getInt("memberCount")).isEqualTo(2);
        assertThat(a.get("/api/im/groups").body().getJsonArray("data").getValuesAs(JsonObject.class))
                .extracting(g -> g.getString("groupId")).containsExactly(group);
        assertFailure(a.post("/api/im/groups", "{\"groupId\":\"" + group + "\",\"name\":\"Again\"}"), 409, "DUPLICATE");
        Admin.Reply noName = a.post("/api/im/groups", "{\"memberIds\":[\"" + bob + "\"]}");
        assertFailure(noName, 400, "VALIDATION_FAILED");
        assertThat(noName.body().getString("message")).contains("name");
        // no groupId: the server makes one
        assertThat(a.post("/api/im/groups", "{\"name\":\"Auto\"}").data().getString("groupId")).startsWith("g");
    }

    @Test
    void a_group_and_its_members_are_for_members_only() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String eve = ItEnv.uid("eve");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, bob, eve);
        Admin.createGroup(group, alice, bob);
        ImClient b = ImClient.login(bob);
        ImClient e = ImClient.login(eve);

        Admin.Reply g = b.get("/api/im/groups/" + group);
        assertOk(g);
        assertThat(g.data().getString("ownerId")).isEqualTo(alice);
        assertThat(g.data().getBoolean("mutedAll")).isFalse();

        JsonObject members = b.get("/api/im/groups/" + group + "/members").data();
        assertThat(members.getJsonNumber("total").longValue()).isEqualTo(2);
        assertThat(members.getJsonArray("items").getValuesAs(JsonObject.class))
                .extracting(m -> m.getString("userId") + ":" + m.getString("role"))
                .containsExactly(alice + ":OWNER", bob + ":MEMBER");
        JsonObject page1 = b.get("/api/im/groups/" + group + "/members?page=1&size=1").data();
        assertThat(page1.getJsonArray("items").getValuesAs(JsonObject.class)).extracting(m -> m.getString("userId"))
                .containsExactly(bob);

        assertFailure(e.get("/api/im/groups/" + group), 403, "NOT_GROUP_MEMBER");
        assertFailure(e.get("/api/im/groups/" + group + "/members"), 403, "NOT_GROUP_MEMBER");
        assertFailure(b.get("/api/im/groups/" + ItEnv.uid("nosuch")), 404, "GROUP_NOT_FOUND");
        assertFailure(b.get("/api/im/groups/" + group + "/members?size=0"), 400, "VALIDATION_FAILED");
    }

    @Test
    void owners_and_admins_manage_members_and_plain_members_may_not() {
        String owner = ItEnv.uid("owner");
        String admin = ItEnv.uid("admin");
        String member = ItEnv.uid("member");
        String newbie = ItEnv.uid("newbie");
        String group = ItEnv.uid("g");
        Admin.importUsers(owner, admin, member, newbie);
        Admin.createGroup(group, owner, admin, member);
        ImClient o = ImClient.login(owner);
        ImClient ad = ImClient.login(admin);
        ImClient m = ImClient.login(member);

        assertFailure(ad.post("/api/im/groups/" + group + "/admins/" + member, null), 403, "FORBIDDEN");
        Admin.Reply promoted = o.post("/api/im/groups/" + group + "/admins/" + admin, null);
        assertOk(promoted);
        assertThat(promoted.data().getString("role")).isEqualTo("ADMIN");

        assertFailure(m.post("/api/im/groups/" + group + "/members", "{\"userIds\":[\"" + newbie + "\"]}"), 403, "FORBIDDEN");
        Admin.Reply added = ad.post("/api/im/groups/" + group + "/members", "{\"userIds\":[\"" + newbie + "\",\"" + member + "\"]}");
        assertOk(added);
        assertThat(strings(added.data().getJsonArray("added"))).containsExactly(newbie);

        assertFailure(m.delete("/api/im/groups/" + group + "/members/" + newbie), 403, "FORBIDDEN");
        assertFailure(ad.delete("/api/im/groups/" + group + "/members/" + owner), 409, "CONFLICT");
        assertOk(ad.delete("/api/im/groups/" + group + "/members/" + newbie));
        assertFailure(ad.delete("/api/im/groups/" + group + "/members/" + newbie), 404, "NOT_FOUND");

        // an admin may not remove another admin; the owner may
        o.post("/api/im/groups/" + group + "/admins/" + member, null);
        assertFailure(ad.delete("/api/im/groups/" + group + "/members/" + member), 403, "FORBIDDEN");
        Admin.Reply demoted = o.delete("/api/im/groups/" + group + "/admins/" + member);
        assertOk(demoted);
        assertThat(demoted.data().getString("role")).isEqualTo("MEMBER");
        assertOk(o.delete("/api/im/groups/" + group + "/members/" + admin));
        assertFailure(ImClient.login(admin).get("/api/im/groups/" + group), 403, "NOT_GROUP_MEMBER");
    }

    @Test
    void members_quit_but_the_owner_must_transfer_first() {
        String owner = ItEnv.uid("owner");
        String bob = ItEnv.uid("bob");
        String eve = ItEnv.uid("eve");
        String group = ItEnv.uid("g");
        Admin.importUsers(owner, bob, eve);
        Admin.createGroup(group, owner, bob);
        ImClient o = ImClient.login(owner);
        ImClient b = ImClient.login(bob);

        assertFailure(o.post("/api/im/groups/" + group + "/quit", null), 409, "CONFLICT");
        assertFailure(ImClient.login(eve).post("/api/im/groups/" + group + "/quit", null), 403, "NOT_GROUP_MEMBER");
        assertFailure(b.post("/api/im/groups/" + group + "/transfer", "{\"newOwnerId\":\"" + bob + "\"}"), 403, "FORBIDDEN");
        assertFailure(o.post("/api/im/groups/" + group + "/transfer", "{\"newOwnerId\":\"" + eve + "\"}"), 404, "NOT_FOUND");
        Admin.Reply noOwner = o.post("/api/im/groups/" + group + "/transfer", "{}");
        assertFailure(noOwner, 400, "VALIDATION_FAILED");
        assertThat(noOwner.body().getString("message")).contains("newOwnerId");

        Admin.Reply t = o.post("/api/im/groups/" + group + "/transfer", "{\"newOwnerId\":\"" + bob + "\"}");
        assertOk(t);
        assertThat(t.data().getString("ownerId")).isEqualTo(bob);
        assertThat(b.get("/api/im/groups/" + group + "/members").data().getJsonArray("items").getValuesAs(JsonObject.class))
                .extracting(m -> m.getString("userId") + ":" + m.getString("role"))
                .containsExactly(bob + ":OWNER", owner + ":MEMBER");

        assertOk(o.post("/api/im/groups/" + group + "/quit", null));
        assertThat(o.get("/api/im/groups").body().getJsonArray("data")).isEmpty();
        assertThat(b.get("/api/im/groups/" + group).data().getInt("memberCount")).isEqualTo(1);
    }

    @Test
    void only_the_owner_dismisses_and_a_dismissed_group_is_gone() {
        String owner = ItEnv.uid("owner");
        String bob = ItEnv.uid("bob");
        String group = ItEnv.uid("g");
        Admin.importUsers(owner, bob);
        Admin.createGroup(group, owner, bob);
        ImClient o = ImClient.login(owner);
        ImClient b = ImClient.login(bob);
        o.post("/api/im/messages/send", ImClient.groupText(group, "last words", "c-1"));

        assertFailure(b.post("/api/im/groups/" + group + "/dismiss", null), 403, "FORBIDDEN");
        assertOk(o.post("/api/im/groups/" + group + "/dismiss", null));

        assertFailure(b.get("/api/im/groups/" + group), 404, "GROUP_NOT_FOUND");
        assertThat(b.get("/api/im/groups").body().getJsonArray("data")).isEmpty();
        assertFailure(o.post("/api/im/messages/send", ImClient.groupText(group, "anyone?", "c-2")), 404, "GROUP_NOT_FOUND");
        assertFailure(b.get("/api/im/messages/history?conversationId=g:" + group), 403, "NOT_CONVERSATION_MEMBER");
        assertThat(b.get("/api/im/conversations").data().getJsonNumber("total").longValue()).isZero();
    }
}
