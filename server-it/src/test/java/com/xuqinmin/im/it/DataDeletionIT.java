package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Deleting a user for good (API.md, {@code DELETE …/users/{userId}?purge=true}; security.md, "Data
 * deletion"): what the others then see of the user's messages, what becomes of its tokens, groups
 * and id, and that a delete without {@code purge} is still the soft delete it was.
 */
class DataDeletionIT {

    private static final String USERS = "/api/im/admin/users/";
    private static final String QUEUE = "/user/queue/messages";
    private static final long DAY = 86_400_000L;

    private static JsonObject ok(Admin.Reply r) {
        assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
        return r.data();
    }

    private static String single(String a, String b) {
        return a.compareTo(b) <= 0 ? "s:" + a + ":" + b : "s:" + b + ":" + a;
    }

    private static void send(String from, String to, String chatType, String content) {
        ok(Admin.post("/api/im/admin/messages/send", "{\"fromId\":\"" + from + "\",\"toId\":\"" + to
                + "\",\"chatType\":\"" + chatType + "\",\"msgType\":\"TEXT\",\"content\":\"" + content + "\"}"));
    }

    /** {@code seq:status:content} of a conversation's messages, oldest first. */
    private static List<String> shape(List<JsonObject> messages) {
        return messages.stream().map(m -> m.getJsonNumber("seq").longValue() + ":" + m.getString("status") + ":"
                + m.getString("content")).collect(Collectors.toList());
    }

    /** A conversation's whole history through the server API, oldest first. */
    private static List<JsonObject> history(String conversationId) {
        return oldestFirst(ok(Admin.get("/api/im/admin/messages?conversationId=" + conversationId + "&limit=100"))
                .getJsonArray("messages").getValuesAs(JsonObject.class));
    }

    private static List<JsonObject> oldestFirst(List<JsonObject> newestFirst) {
        List<JsonObject> out = new ArrayList<>(newestFirst);
        Collections.reverse(out);
        return out;
    }

    private static List<String> members(String groupId) {
        return ok(Admin.get("/api/im/admin/groups/" + groupId + "/members")).getJsonArray("items")
                .getValuesAs(JsonObject.class).stream().map(m -> m.getString("userId") + ":" + m.getString("role"))
                .collect(Collectors.toList());
    }

    private static void assertConnectRefused(String token) {
        try (StompClient s = StompClient.open(null)) {
            s.sendText("CONNECT\naccept-version:1.2\nheart-beat:0,0\nhost:localhost\nAuthorization:Bearer " + token
                    + "\n\n\0");
            Frame f = s.next();
            assertThat(f.command()).isEqualTo(Command.ERROR);
            assertThat(f.header("message")).isEqualTo("Unauthorized");
        }
    }

    @Test
    void a_purged_users_messages_keep_their_place_with_no_content_and_the_user_cannot_come_back_with_its_tokens() {
        String gone = ItEnv.uid("gone");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        String group = ItEnv.uid("g");
        Admin.importUsers(gone, bob, carol);
        Admin.createGroup(group, carol, gone, bob);
        ImClient goneHttp = ImClient.login(gone);
        try (StompClient g = StompClient.connect(ItEnv.userSig(gone))) {
            g.chat(bob, "SINGLE", "my-secret", "d-1");
            send(bob, gone, "SINGLE", "bobs-reply");
            g.chat(bob, "SINGLE", "another-secret", "d-2");
            g.chat(group, "GROUP", "said-in-the-group", "d-3");
            send(carol, group, "GROUP", "carols-words");

            JsonObject purged = ok(Admin.delete(USERS + gone + "?purge=true"));

            assertThat(purged.getJsonNumber("erasedMessages").longValue()).isEqualTo(3);
            assertThat(purged.getJsonArray("ownedGroups")).isEmpty();
            assertThat(g.awaitError().header("message")).isEqualTo("Kicked");
            g.awaitClose();
        }

        // the other side, on a device that never synced: every seq there, the purged ones empty
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob), "new-phone")) {
            b.subscribe("q", QUEUE);
            SyncIT.Page page = SyncIT.sync(b, null, "sync-1");
            List<JsonObject> inSingle = page.messages().stream()
                    .filter(m -> m.getString("conversationId").equals(single(gone, bob))).toList();
            List<JsonObject> inGroup = page.messages().stream()
                    .filter(m -> m.getString("conversationId").equals("g:" + group)).toList();
            assertThat(shape(inSingle)).containsExactly("1:DELETED:", "2:SENT:bobs-reply", "3:DELETED:");
            assertThat(shape(inGroup)).containsExactly("1:DELETED:", "2:SENT:carols-words");
            assertThat(inSingle.get(0).getString("fromId")).as("the rows keep their sender").isEqualTo(gone);
            assertThat(inSingle.get(0).getString("messageId")).isEqualTo("d-1");
        }
        assertThat(shape(history(single(gone, bob)))).containsExactly("1:DELETED:", "2:SENT:bobs-reply", "3:DELETED:");
        JsonObject bobsView = ImClient.login(bob).get("/api/im/messages/history?conversationId=g:" + group).data();
        assertThat(shape(oldestFirst(bobsView.getJsonArray("messages").getValuesAs(JsonObject.class))))
                .containsExactly("1:DELETED:", "2:SENT:carols-words");

        // gone: its tokens, its profile, its memberships
        assertConnectRefused(ItEnv.userSig(gone));
        assertThat(goneHttp.get("/api/im/groups").status()).isEqualTo(401);
        Admin.Reply login = ImClient.call("POST", "/api/im/auth/login", "{\"appKey\":\"" + ItEnv.APP_KEY
                + "\",\"userId\":\"" + gone + "\",\"userSig\":\"" + ItEnv.userSig(gone) + "\"}", null);
        assertThat(login.status()).isEqualTo(401);
        assertThat(Admin.get(USERS + gone).status()).isEqualTo(404);
        assertThat(members(group)).containsExactly(carol + ":OWNER", bob + ":MEMBER");

        // again: nothing left to erase, the same answer otherwise
        JsonObject again = ok(Admin.delete(USERS + gone + "?purge=true"));
        assertThat(again.getJsonNumber("erasedMessages").longValue()).isZero();
        assertThat(Admin.delete(USERS + gone).status()).as("a soft delete of a deleted user, as before").isEqualTo(404);
    }

    @Test
    void an_id_imported_again_after_a_purge_is_a_new_user_and_what_was_erased_stays_erased() {
        String gone = ItEnv.uid("gone");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(gone, bob);
        send(gone, bob, "SINGLE", "before");
        ok(Admin.delete(USERS + gone + "?purge=true"));

        ok(Admin.post("/api/im/admin/users", "{\"users\":[{\"userId\":\"" + gone + "\",\"nickname\":\"New\"}]}"));
        JsonObject back = ok(Admin.get(USERS + gone));
        assertThat(back.getString("status")).isEqualTo("ACTIVE");
        assertThat(back.getString("nickname")).isEqualTo("New");
        try (StompClient g = StompClient.connect(ItEnv.userSig(gone))) {
            g.chat(bob, "SINGLE", "after", "n-1");
        }

        // the daily job (every second on the test server) finishes recent purges; a user brought back
        // is not one of them any more
        Console.Tenant t = Console.newTenant();
        Console.App clock = Console.newApp(t);
        ok(Http.put("/api/apps/" + clock.appKey(), "{\"retentionDays\":1}", t.token()));
        awaitAWholeJobRunFromNow(t, clock);
        assertThat(shape(history(single(gone, bob)))).containsExactly("1:DELETED:", "2:SENT:after");
    }

    @Test
    void a_purged_owner_stays_the_owner_of_its_groups_until_they_are_transferred() {
        String owner = ItEnv.uid("owner");
        String member = ItEnv.uid("member");
        String group = ItEnv.uid("g");
        Admin.importUsers(owner, member);
        Admin.createGroup(group, owner, member);

        JsonObject purged = ok(Admin.delete(USERS + owner + "?purge=true"));

        assertThat(purged.getJsonArray("ownedGroups").getString(0)).isEqualTo(group);
        assertThat(members(group)).containsExactly(owner + ":OWNER", member + ":MEMBER");
        ok(Admin.post("/api/im/admin/groups/" + group + "/transfer", "{\"newOwnerId\":\"" + member + "\"}"));
        assertThat(ok(Admin.delete(USERS + owner + "?purge=true")).getJsonArray("ownedGroups")).isEmpty();
        assertThat(members(group)).containsExactly(member + ":OWNER");
    }

    @Test
    void a_delete_without_purge_keeps_messages_and_memberships_as_before_and_a_purge_may_follow() {
        String soft = ItEnv.uid("soft");
        String bob = ItEnv.uid("bob");
        String group = ItEnv.uid("g");
        Admin.importUsers(soft, bob);
        Admin.createGroup(group, bob, soft);
        send(soft, bob, "SINGLE", "kept");
        send(soft, group, "GROUP", "kept-too");

        Admin.Reply wrong = Admin.delete(USERS + soft + "?purge=yes");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body().getString("error")).isEqualTo("VALIDATION_FAILED");
        assertThat(wrong.body().getString("message")).isEqualTo("purge must be true or false");
        assertThat(ok(Admin.delete(USERS + soft + "?purge=false"))).isEmpty();

        assertThat(Admin.get(USERS + soft).status()).isEqualTo(404);
        assertThat(shape(history(single(soft, bob)))).containsExactly("1:SENT:kept");
        assertThat(shape(history("g:" + group))).containsExactly("1:SENT:kept-too");
        assertThat(members(group)).containsExactly(bob + ":OWNER", soft + ":MEMBER");

        // the user asks for its data to go as well: a purge after the soft delete
        assertThat(ok(Admin.delete(USERS + soft + "?purge=true")).getJsonNumber("erasedMessages").longValue())
                .isEqualTo(2);
        assertThat(shape(history(single(soft, bob)))).containsExactly("1:DELETED:");
        assertThat(members(group)).containsExactly(bob + ":OWNER");

        Admin.Reply nobody = Admin.delete(USERS + ItEnv.uid("nobody") + "?purge=true");
        assertThat(nobody.status()).isEqualTo(404);
        assertThat(nobody.body().getString("error")).isEqualTo("USER_NOT_FOUND");
    }

    // ------------------------------------------------------------------ retention

    @Test
    void an_apps_retention_is_set_in_the_console_and_the_daily_job_leaves_newer_messages_alone() {
        Console.Tenant t = Console.newTenant();
        Console.App app = Console.newApp(t);
        String path = "/api/apps/" + app.appKey();
        assertThat(ok(Http.get(path, t.token())).getInt("retentionDays")).as("by default: for ever").isZero();
        for (String bad : List.of("-1", "36501")) {
            Admin.Reply r = Http.put(path, "{\"retentionDays\":" + bad + "}", t.token());
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body().getString("message")).isEqualTo("retentionDays must be 0 (keep for ever) to 36500");
        }
        assertThat(ok(Http.put(path, "{\"retentionDays\":1}", t.token())).getInt("retentionDays")).isEqualTo(1);
        assertThat(ok(Http.get(path, t.token())).getInt("retentionDays")).isEqualTo(1);

        String a = ItEnv.uid("a");
        String b = ItEnv.uid("b");
        ok(signed(app, "POST", "/api/im/admin/users", "{\"users\":[{\"userId\":\"" + a + "\"},{\"userId\":\"" + b
                + "\"}]}"));
        ok(signed(app, "POST", "/api/im/admin/messages/send", "{\"fromId\":\"" + a + "\",\"toId\":\"" + b
                + "\",\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\",\"content\":\"fresh\"}"));
        awaitAWholeJobRunFromNow(t, app);

        JsonObject history = ok(signed(app, "GET", "/api/im/admin/messages?conversationId=" + single(a, b), null));
        assertThat(shape(history.getJsonArray("messages").getValuesAs(JsonObject.class))).containsExactly("1:SENT:fresh");
        assertThat(ok(Http.put(path, "{\"retentionDays\":0}", t.token())).getInt("retentionDays")).isZero();
    }

    private static Admin.Reply signed(Console.App app, String method, String path, String json) {
        return Admin.send(method, path, json, app.appKey(), app.secret(), System.currentTimeMillis(), Admin.nonce());
    }

    /**
     * Waits until the data-deletion job (every second on the test server) has run once entirely
     * after this call. An app with a retention serves as its clock: each run moves the app's
     * {@code retentionErasedBefore} to a retention before the run's start, and runs follow one
     * another, so once the mark has moved twice since now, the first of those runs is over.
     */
    private static void awaitAWholeJobRunFromNow(Console.Tenant t, Console.App app) {
        long from = System.currentTimeMillis();
        long first = awaitMarkAbove(t, app, from - DAY);
        awaitMarkAbove(t, app, first);
    }

    private static long awaitMarkAbove(Console.Tenant t, Console.App app, long above) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonObject view = ok(Http.get("/api/apps/" + app.appKey(), t.token()));
            return view.containsKey("retentionErasedBefore") ? view.getJsonNumber("retentionErasedBefore").longValue()
                    : 0L;
        }, mark -> mark > above);
    }
}
