package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.stomp.Frame;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each user's own settings of its conversations (api.md §4.3): pinned first, muted carried, hidden
 * until the next message, and a delete for the caller only that clears its history (HTTP history,
 * the list, chat.sync) while the other side keeps everything; the user's other devices are told.
 */
class ConversationSettingsIT {

    private static JsonObject ok(Admin.Reply r) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.data();
    }

    private static Admin.Reply put(ImClient c, String path, String json) {
        return ImClient.call("PUT", path, json, "Bearer " + c.token());
    }

    private static String single(String a, String b) {
        return a.compareTo(b) <= 0 ? "s:" + a + ":" + b : "s:" + b + ":" + a;
    }

    private static List<String> listed(ImClient c) {
        List<String> out = new ArrayList<>();
        ok(c.get("/api/im/conversations")).getJsonArray("items")
                .forEach(v -> out.add(v.asJsonObject().getString("conversationId")));
        return out;
    }

    private static JsonObject item(ImClient c, String cid) {
        for (var v : ok(c.get("/api/im/conversations")).getJsonArray("items")) {
            if (v.asJsonObject().getString("conversationId").equals(cid)) {
                return v.asJsonObject();
            }
        }
        throw new AssertionError(cid + " is not listed");
    }

    private static List<String> contents(JsonArray messages) {
        List<String> out = new ArrayList<>();
        messages.forEach(v -> out.add(v.asJsonObject().getString("content")));
        return out;
    }

    @Test
    void pinned_conversations_come_first_muted_is_carried_and_hidden_ones_return_with_the_next_message() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        Admin.importUsers(alice, bob, carol);
        ImClient a = ImClient.login(alice);
        ImClient c = ImClient.login(carol);
        ok(a.post("/api/im/messages/send", ImClient.text(bob, "to bob", "p-1")));
        ok(a.post("/api/im/messages/send", ImClient.text(carol, "to carol", "p-2")));
        String withBob = single(alice, bob);
        String withCarol = single(alice, carol);
        assertThat(listed(a)).containsExactly(withCarol, withBob);
        assertThat(item(a, withBob).getBoolean("pinned")).isFalse();

        JsonObject pinned = ok(put(a, "/api/im/conversations/" + withBob + "/settings", "{\"pinned\":true}"));
        assertThat(pinned.getString("conversationId")).isEqualTo(withBob);
        assertThat(pinned.getBoolean("pinned")).isTrue();
        assertThat(pinned.getBoolean("muted")).isFalse();
        assertThat(listed(a)).containsExactly(withBob, withCarol);
        assertThat(item(a, withBob).getBoolean("pinned")).isTrue();
        // the other side's list is its own
        assertThat(ok(ImClient.login(bob).get("/api/im/conversations")).getJsonArray("items").getJsonObject(0)
                .getBoolean("pinned")).isFalse();

        ok(put(a, "/api/im/conversations/" + withCarol + "/settings", "{\"muted\":true}"));
        assertThat(item(a, withCarol).getBoolean("muted")).isTrue();
        assertThat(item(a, withBob).getBoolean("pinned")).as("other settings stay").isTrue();

        JsonObject hidden = ok(put(a, "/api/im/conversations/" + withCarol + "/settings", "{\"hidden\":true}"));
        assertThat(hidden.getBoolean("hidden")).isTrue();
        assertThat(hidden.getBoolean("muted")).isTrue();
        assertThat(listed(a)).containsExactly(withBob);
        ok(c.post("/api/im/messages/send", ImClient.text(alice, "I'm back", "p-3")));
        assertThat(listed(a)).containsExactly(withBob, withCarol);
        assertThat(item(a, withCarol).getInt("unreadCount")).isEqualTo(1);
        // hiding keeps the history
        assertThat(contents(ok(a.get("/api/im/messages/history?conversationId=" + withCarol)).getJsonArray("messages")))
                .containsExactly("I'm back", "to carol");

        ok(put(a, "/api/im/conversations/" + withBob + "/settings", "{\"pinned\":false}"));
        assertThat(listed(a)).containsExactly(withCarol, withBob);
    }

    @Test
    void deleting_a_conversation_clears_it_for_the_caller_only_until_a_new_message_and_other_devices_are_told() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        ImClient a = ImClient.login(alice);
        ImClient b = ImClient.login(bob);
        String cid = single(alice, bob);
        ok(a.post("/api/im/messages/send", ImClient.text(bob, "one", "d-1")));
        ok(b.post("/api/im/messages/send", ImClient.text(alice, "two", "d-2")));
        try (StompClient other = StompClient.connect(ItEnv.userSig(alice), "tablet")) {
            other.subscribe("n", "/user/queue/notices");
            JsonObject deleted = ok(a.delete("/api/im/conversations/" + cid));
            assertThat(deleted.getBoolean("hidden")).isTrue();
            assertThat(deleted.getJsonNumber("clearedSeq").longValue()).isEqualTo(2);
            JsonObject notice = other.awaitMessage("/user/queue/notices");
            assertThat(notice.getString("type")).isEqualTo("CONVERSATION_SETTINGS");
            assertThat(notice.getJsonObject("data").getString("conversationId")).isEqualTo(cid);
            assertThat(notice.getJsonObject("data").getBoolean("hidden")).isTrue();
            assertThat(notice.getJsonObject("data").getJsonNumber("clearedSeq").longValue()).isEqualTo(2);
        }
        assertThat(listed(a)).doesNotContain(cid);
        assertThat(ok(a.get("/api/im/messages/history?conversationId=" + cid)).getJsonArray("messages")).isEmpty();
        // the other side keeps everything
        assertThat(contents(ok(b.get("/api/im/messages/history?conversationId=" + cid)).getJsonArray("messages")))
                .containsExactly("two", "one");
        assertThat(listed(b)).contains(cid);

        ok(b.post("/api/im/messages/send", ImClient.text(alice, "three", "d-3")));
        assertThat(listed(a)).contains(cid);
        assertThat(item(a, cid).getInt("unreadCount")).isEqualTo(1);
        assertThat(contents(ok(a.get("/api/im/messages/history?conversationId=" + cid)).getJsonArray("messages")))
                .containsExactly("three");
        // a new device syncs only what came after the delete
        try (StompClient fresh = StompClient.connect(ItEnv.userSig(alice), "new-phone")) {
            fresh.subscribe("m", "/user/queue/messages");
            fresh.sync(null, "sync-1");
            List<Frame> frames = fresh.messagesUntilReceipt("/user/queue/messages", "sync-1", Duration.ofSeconds(30));
            List<String> synced = new ArrayList<>();
            for (Frame f : frames.subList(0, frames.size() - 1)) {
                JsonObject m = StompClient.json(f);
                if (m.getString("conversationId").equals(cid)) {
                    synced.add(m.getString("content"));
                }
            }
            assertThat(synced).containsExactly("three");
        }
    }

    @Test
    void settings_of_a_conversation_the_user_is_not_in_or_without_a_field_are_refused() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        Admin.importUsers(alice, bob, carol);
        ImClient c = ImClient.login(carol);
        String theirs = single(alice, bob);
        Admin.Reply r = put(c, "/api/im/conversations/" + theirs + "/settings", "{\"pinned\":true}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body().getString("error")).isEqualTo("NOT_CONVERSATION_MEMBER");
        assertThat(c.delete("/api/im/conversations/" + theirs).body().getString("error"))
                .isEqualTo("NOT_CONVERSATION_MEMBER");
        Admin.Reply empty = put(c, "/api/im/conversations/" + single(carol, bob) + "/settings", "{}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().getString("error")).isEqualTo("VALIDATION_FAILED");
        assertThat(c.delete("/api/im/conversations/g:" + ItEnv.uid("nogroup")).status()).isEqualTo(403);
    }
}
