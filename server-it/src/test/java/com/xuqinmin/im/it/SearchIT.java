package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Message search (api.md, "Searching messages") over real HTTP: a user finds only what it may read —
 * its own conversations, a group's messages since it joined and only while it is a member, nothing it
 * deleted for itself, never a revoked or ENCRYPTED message, an edited one by its latest content — in
 * Chinese as in English, newest first a page at a time; the app's compliance search over all of its
 * messages, audited; and nothing of another app either way.
 */
class SearchIT {

    private static String single(String a, String b) {
        return a.compareTo(b) <= 0 ? "s:" + a + ":" + b : "s:" + b + ":" + a;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static JsonObject ok(Admin.Reply r) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.data();
    }

    private static JsonObject search(ImClient c, String query) {
        return ok(c.get("/api/im/messages/search?" + query));
    }

    /** The contents found for {@code q}, newest first. */
    private static List<String> found(ImClient c, String q) {
        return contents(search(c, "q=" + enc(q)));
    }

    private static List<String> contents(JsonObject page) {
        List<String> out = new ArrayList<>();
        page.getJsonArray("messages").forEach(v -> out.add(v.asJsonObject().getString("content")));
        return out;
    }

    private static String send(ImClient c, String body) {
        return ok(c.post("/api/im/messages/send", body)).getString("id");
    }

    private static void assertRefused(Admin.Reply r, int status, String error) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(status);
        assertThat(r.body().getString("error")).isEqualTo(error);
    }

    @Test
    void a_user_finds_the_messages_of_its_own_conversations_only() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        Admin.importUsers(alice, bob, carol);
        ImClient a = ImClient.login(alice);
        ImClient b = ImClient.login(bob);
        ImClient c = ImClient.login(carol);
        send(a, ImClient.text(bob, "Lunch at noon?", "m-1"));
        send(c, ImClient.text(bob, "lunch with carol tomorrow", "m-2"));
        send(b, ImClient.text(alice, "dinner instead", "m-3"));

        assertThat(found(a, "lunch")).containsExactly("Lunch at noon?");
        assertThat(found(c, "LUNCH")).containsExactly("lunch with carol tomorrow");
        assertThat(found(b, "lunch")).containsExactly("lunch with carol tomorrow", "Lunch at noon?");
        // every word must be there
        assertThat(found(b, "lunch tomorrow")).containsExactly("lunch with carol tomorrow");
        assertThat(found(b, "lunch dinner")).isEmpty();

        // one conversation: the caller's, or refused as history refuses it
        JsonObject withAlice = search(b, "q=lunch&conversationId=" + single(alice, bob));
        assertThat(contents(withAlice)).containsExactly("Lunch at noon?");
        JsonObject hit = withAlice.getJsonArray("messages").getJsonObject(0);
        assertThat(hit.getString("fromId")).isEqualTo(alice);
        assertThat(hit.getString("conversationId")).isEqualTo(single(alice, bob));
        assertThat(hit.getJsonNumber("seq").longValue()).isEqualTo(1);
        assertThat(withAlice.getBoolean("hasMore")).isFalse();
        assertThat(withAlice.containsKey("nextCursor")).isFalse();
        assertRefused(a.get("/api/im/messages/search?q=lunch&conversationId=" + single(bob, carol)), 403,
                "NOT_CONVERSATION_MEMBER");
    }

    @Test
    void group_messages_are_found_only_by_members_and_only_from_when_they_joined() {
        String owner = ItEnv.uid("owner");
        String early = ItEnv.uid("early");
        String late = ItEnv.uid("late");
        String gone = ItEnv.uid("gone");
        String group = ItEnv.uid("g");
        Admin.importUsers(owner, early, late, gone);
        Admin.createGroup(group, owner, early, gone);
        ImClient o = ImClient.login(owner);
        send(o, ImClient.groupText(group, "budget draft one", "g-1"));
        Admin.addMembers(group, late);
        send(o, ImClient.groupText(group, "budget draft two", "g-2"));
        Admin.removeMember(group, gone);
        send(o, ImClient.groupText(group, "budget final", "g-3"));

        assertThat(found(ImClient.login(early), "budget")).containsExactly("budget final", "budget draft two",
                "budget draft one");
        assertThat(found(ImClient.login(late), "budget")).as("joined after the first")
                .containsExactly("budget final", "budget draft two");
        assertThat(found(ImClient.login(gone), "budget")).as("a former member reads nothing of the group, as in history")
                .isEmpty();
        assertRefused(ImClient.login(gone).get("/api/im/messages/search?q=budget&conversationId=g:" + group), 403,
                "NOT_CONVERSATION_MEMBER");
    }

    @Test
    void revoked_and_encrypted_messages_never_match_an_edited_one_matches_its_latest_content() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        ImClient a = ImClient.login(alice);
        ImClient b = ImClient.login(bob);
        send(a, ImClient.text(bob, "the password is swordfish", "r-1"));
        ok(a.post("/api/im/messages/revoke", "{\"messageId\":\"r-1\"}"));
        send(a, "{\"toId\":\"" + bob + "\",\"chatType\":\"SINGLE\",\"msgType\":\"ENCRYPTED\","
                + "\"content\":\"swordfish in plain sight\",\"messageId\":\"e-1\"}");
        String edited = send(a, ImClient.text(bob, "meet at the harbour", "d-1"));
        ok(a.post("/api/im/messages/edit", "{\"id\":\"" + edited + "\",\"content\":\"meet at the station\"}"));

        assertThat(found(b, "swordfish")).isEmpty();
        assertThat(found(a, "swordfish")).isEmpty();
        assertThat(found(b, "harbour")).isEmpty();
        JsonObject page = search(b, "q=station");
        assertThat(contents(page)).containsExactly("meet at the station");
        assertThat(page.getJsonArray("messages").getJsonObject(0).getInt("editCount")).isEqualTo(1);
    }

    @Test
    void a_conversation_deleted_for_the_caller_is_searched_only_after_the_delete() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        ImClient a = ImClient.login(alice);
        ImClient b = ImClient.login(bob);
        send(a, ImClient.text(bob, "holiday photos", "h-1"));
        ok(a.delete("/api/im/conversations/" + single(alice, bob)));

        assertThat(found(a, "holiday")).isEmpty();
        assertThat(found(b, "holiday")).as("the other side keeps everything").containsExactly("holiday photos");
        send(b, ImClient.text(alice, "more holiday photos", "h-2"));
        assertThat(found(a, "holiday")).containsExactly("more holiday photos");
    }

    @Test
    void chinese_text_is_found_by_a_word_inside_it() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        ImClient a = ImClient.login(alice);
        ImClient b = ImClient.login(bob);
        send(a, ImClient.text(bob, "你好世界", "c-1"));
        send(a, ImClient.text(bob, "明天我们去吃饭吧 ok", "c-2"));
        send(a, ImClient.text(bob, "世纪公园见", "c-3"));

        assertThat(found(b, "世界")).containsExactly("你好世界");
        assertThat(found(b, "你好世界")).containsExactly("你好世界");
        assertThat(found(b, "吃饭")).containsExactly("明天我们去吃饭吧 ok");
        assertThat(found(b, "吃饭 OK")).containsExactly("明天我们去吃饭吧 ok");
        assertThat(found(b, "好世")).as("a pair of characters across two words still is a substring")
                .containsExactly("你好世界");
        assertThat(found(b, "世")).as("one character: a substring test").containsExactly("世纪公园见", "你好世界");
        assertThat(found(b, "界世")).isEmpty();
    }

    @Test
    void results_come_newest_first_a_page_at_a_time_within_a_time_range() throws InterruptedException {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        ImClient a = ImClient.login(alice);
        for (int i = 1; i <= 5; i++) {
            send(a, ImClient.text(bob, "report " + i, "p-" + i));
            Thread.sleep(5);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        List<Boolean> more = new ArrayList<>();
        do {
            JsonObject page = search(a, "q=report&limit=2" + (cursor == null ? "" : "&cursor=" + enc(cursor)));
            seen.addAll(contents(page));
            more.add(page.getBoolean("hasMore"));
            cursor = page.getBoolean("hasMore") ? page.getString("nextCursor") : null;
        } while (cursor != null);
        assertThat(seen).containsExactly("report 5", "report 4", "report 3", "report 2", "report 1");
        assertThat(more).containsExactly(true, true, false);

        JsonObject first = search(a, "q=report&limit=1");
        long createdOf3 = search(a, "q=report&limit=3").getJsonArray("messages").getJsonObject(2)
                .getJsonNumber("createdAt").longValue();
        long createdOf5 = first.getJsonArray("messages").getJsonObject(0).getJsonNumber("createdAt").longValue();
        assertThat(contents(search(a, "q=report&from=" + createdOf3 + "&to=" + createdOf5)))
                .as("from inclusive, to exclusive").containsExactly("report 4", "report 3");
    }

    @Test
    void a_bad_search_is_refused_with_validation_failed() {
        String alice = ItEnv.uid("alice");
        Admin.importUsers(alice);
        ImClient a = ImClient.login(alice);
        for (String query : List.of("", "q=", "q=%20%20", "q=" + "x".repeat(101), "q=a&limit=0", "q=a&limit=101",
                "q=a&limit=many", "q=a&cursor=nonsense", "q=a&from=10&to=5", "q=a&from=yesterday")) {
            assertRefused(a.get("/api/im/messages/search?" + query), 400, "VALIDATION_FAILED");
        }
        assertThat(found(a, "x".repeat(100))).isEmpty();
        assertRefused(ImClient.withAuthorization(null).get("/api/im/messages/search?q=a"), 401, "UNAUTHORIZED");
    }

    @Test
    void the_app_searches_all_of_its_messages_audited_and_no_other_apps() {
        Console.Tenant t = Console.newTenant();
        Console.App app = Console.newApp(t);
        Console.App other = Console.newApp(t);
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        for (Console.App x : List.of(app, other)) {
            ok(signed(x, "POST", "/api/im/admin/users", "{\"users\":[{\"userId\":\"" + alice + "\"},{\"userId\":\""
                    + bob + "\"},{\"userId\":\"" + carol + "\"}]}"));
        }
        String word = ItEnv.uid("invoice").replace("_", "");
        ok(signed(app, "POST", "/api/im/admin/messages/send", serverText(alice, bob, word + " from alice", "s-1")));
        ok(signed(app, "POST", "/api/im/admin/messages/send", serverText(carol, bob, word + " from carol", "s-2")));
        String revoked = ok(signed(app, "POST", "/api/im/admin/messages/send",
                serverText(alice, carol, word + " to be revoked", "s-3"))).getString("id");
        ok(signed(app, "POST", "/api/im/admin/messages/" + revoked + "/revoke", null));
        ok(signed(other, "POST", "/api/im/admin/messages/send", serverText(alice, bob, word + " elsewhere", "s-4")));

        assertThat(contents(ok(signed(app, "GET", "/api/im/admin/messages/search?q=" + word, null))))
                .containsExactly(word + " from carol", word + " from alice");
        assertThat(contents(ok(signed(app, "GET", "/api/im/admin/messages/search?q=" + word + "&userId=" + carol, null))))
                .containsExactly(word + " from carol");
        assertThat(contents(ok(signed(app, "GET", "/api/im/admin/messages/search?q=" + word + "&conversationId="
                + single(alice, bob), null)))).containsExactly(word + " from alice");
        assertThat(contents(ok(signed(other, "GET", "/api/im/admin/messages/search?q=" + word, null))))
                .containsExactly(word + " elsewhere");
        assertRefused(signed(app, "GET", "/api/im/admin/messages/search?q=", null), 400, "VALIDATION_FAILED");

        // who searched is on record, not what for
        List<JsonObject> audit = signed(app, "GET", "/api/im/admin/audit?action=GET", null).body()
                .getJsonArray("data").getValuesAs(JsonObject.class);
        assertThat(audit).extracting(e -> e.getString("action") + " " + e.getInt("status")).contains(
                "GET /api/im/admin/messages/search 200", "GET /api/im/admin/messages/search 400");
        assertThat(audit.get(0).getString("actor")).isEqualTo("app:" + app.appKey());
        assertThat(audit.toString()).doesNotContain(word);
    }

    private static String serverText(String from, String to, String content, String messageId) {
        return "{\"fromId\":\"" + from + "\",\"toId\":\"" + to + "\",\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\","
                + "\"content\":\"" + content + "\",\"messageId\":\"" + messageId + "\"}";
    }

    private static Admin.Reply signed(Console.App app, String method, String path, String json) {
        return Admin.send(method, path, json, app.appKey(), app.secret(), System.currentTimeMillis(), Admin.nonce());
    }
}
