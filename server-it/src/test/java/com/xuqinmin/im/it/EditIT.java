package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Editing a sent message (protocol.md, chat.edit; api.md, the edit calls), over a real WebSocket and
 * HTTP: who may, within which window, what everyone who could see the message receives, and what
 * history, sync and the versions call show afterwards.
 */
class EditIT {

    private static final String QUEUE = "/user/queue/messages";
    private static final String SETTINGS = "/api/im/admin/app/settings";

    private static boolean isEdited(Frame f) {
        return f.command() == Command.MESSAGE && QUEUE.equals(f.header("destination"))
                && "EDITED".equals(StompClient.json(f).getString("type", ""));
    }

    private static StompClient edit(StompClient c, String id, String content, String editId, String receipt) {
        return c.sendJson("/app/chat.edit", "{\"appKey\":\"" + ItEnv.APP_KEY + "\",\"messageId\":\"" + id
                + "\",\"content\":\"" + content + "\"" + (editId == null ? "" : ",\"editId\":\"" + editId + "\"") + "}",
                receipt);
    }

    private static Admin.Reply httpEdit(ImClient c, String id, String content, String editId) {
        return c.post("/api/im/messages/edit", "{\"id\":\"" + id + "\",\"content\":\"" + content + "\""
                + (editId == null ? "" : ",\"editId\":\"" + editId + "\"") + "}");
    }

    private static void assertRefused(Admin.Reply r, int status, String error) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(status);
        assertThat(r.body().getString("error")).isEqualTo(error);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void an_edit_over_STOMP_reaches_the_recipient_and_the_senders_other_session_as_EDITED_and_keeps_the_seq() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String eve = ItEnv.uid("eve");
        Admin.importUsers(alice, bob, eve);
        try (StompClient a1 = StompClient.connect(ItEnv.userSig(alice), "phone");
             StompClient a2 = StompClient.connect(ItEnv.userSig(alice), "desktop");
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            a1.subscribe("q", QUEUE);
            a2.subscribe("q", QUEUE);
            b.subscribe("q", QUEUE);
            Frame sent = a1.chat(bob, "SINGLE", "see you at 10", "c-1");
            JsonObject original = b.awaitMessage(QUEUE);
            // an unedited message keeps the seed's shape: no edit fields at all
            assertThat(original.containsKey("editedAt")).isFalse();
            assertThat(original.containsKey("editCount")).isFalse();
            a2.awaitMessage(QUEUE);

            edit(a1, "c-1", "see you at 11", "e-1", "ed-1");

            Frame receipt = a1.awaitReceipt("ed-1");
            assertThat(receipt.header("im-message-id")).isEqualTo(sent.header("im-message-id"));
            assertThat(receipt.header("im-seq")).isEqualTo(sent.header("im-seq"));
            for (StompClient c : List.of(b, a2)) {
                JsonObject notice = StompClient.json(c.await(EditIT::isEdited));
                assertThat(notice.getString("id")).isEqualTo(sent.header("im-message-id"));
                assertThat(notice.getString("messageId")).isEqualTo("c-1");
                assertThat(notice.getString("content")).isEqualTo("see you at 11");
                assertThat(notice.getString("status")).isEqualTo("SENT");
                assertThat(notice.getJsonNumber("seq").longValue()).isEqualTo(Long.parseLong(sent.header("im-seq")));
                assertThat(notice.getInt("editCount")).isEqualTo(1);
                assertThat(notice.getJsonNumber("editedAt").longValue())
                        .isGreaterThanOrEqualTo(notice.getJsonNumber("createdAt").longValue());
            }
            a1.expectNone(EditIT::isEdited, Duration.ofMillis(300));

            // the same editId again: a RECEIPT marked duplicate, no second version, no second notice
            edit(a1, "c-1", "see you at 11", "e-1", "ed-2");
            assertThat(a1.awaitReceipt("ed-2").header("im-duplicate")).isEqualTo("true");
            b.expectNone(EditIT::isEdited, Duration.ofMillis(500));

            // history and a sync by a device that never had it show the latest content
            ImClient bobHttp = ImClient.login(bob);
            JsonObject inHistory = bobHttp.get("/api/im/messages/history?conversationId="
                    + sent.header("im-conversation-id")).data().getJsonArray("messages").getJsonObject(0);
            assertThat(inHistory.getString("content")).isEqualTo("see you at 11");
            assertThat(inHistory.getInt("editCount")).isEqualTo(1);
            assertThat(inHistory.containsKey("editedAt")).isTrue();
            try (StompClient fresh = StompClient.connect(ItEnv.userSig(bob), "tablet")) {
                fresh.subscribe("q", QUEUE);
                List<Frame> page = fresh.sync(null, "s-1").messagesUntilReceipt(QUEUE, "s-1", Duration.ofSeconds(30));
                JsonObject synced = StompClient.json(page.get(0));
                assertThat(synced.getString("content")).isEqualTo("see you at 11");
                assertThat(synced.getInt("editCount")).isEqualTo(1);
            }

            // the versions, to the conversation's members only
            JsonArray versions = bobHttp.get("/api/im/messages/" + sent.header("im-message-id") + "/edits").body()
                    .getJsonArray("data");
            List<String> contents = new ArrayList<>();
            for (int i = 0; i < versions.size(); i++) {
                assertThat(versions.getJsonObject(i).getInt("version")).isEqualTo(i);
                contents.add(versions.getJsonObject(i).getString("content"));
            }
            assertThat(contents).containsExactly("see you at 10", "see you at 11");
            assertThat(versions.getJsonObject(1).getString("editId")).isEqualTo("e-1");
            assertRefused(ImClient.login(eve).get("/api/im/messages/" + sent.header("im-message-id") + "/edits"), 404,
                    "MESSAGE_NOT_FOUND");
        }
    }

    @Test
    void only_the_sender_may_edit_and_the_new_content_follows_the_send_rules() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            a.subscribe("q", QUEUE);
            b.subscribe("q", QUEUE);
            b.subscribe("err", "/user/queue/errors");
            Frame sent = a.chat(bob, "SINGLE", "mine", "c-1");
            b.awaitMessage(QUEUE);

            edit(b, sent.header("im-message-id"), "yours now", null, "ed-1");

            JsonObject rejection = b.awaitRejection();
            assertThat(rejection.getInt("code")).isEqualTo(403);
            assertThat(rejection.getString("error")).isEqualTo("NOT_MESSAGE_SENDER");
            assertThat(rejection.getString("destination")).isEqualTo("/app/chat.edit");
            assertThat(rejection.getString("receiptId")).isEqualTo("ed-1");
            a.expectNone(EditIT::isEdited, Duration.ofMillis(300));

            ImClient aliceHttp = ImClient.login(alice);
            assertRefused(httpEdit(ImClient.login(bob), sent.header("im-message-id"), "x", null), 403,
                    "NOT_MESSAGE_SENDER");
            assertRefused(httpEdit(aliceHttp, sent.header("im-message-id"), "", null), 400, "VALIDATION_FAILED");
            assertRefused(aliceHttp.post("/api/im/messages/edit", "{\"content\":\"x\"}"), 400, "VALIDATION_FAILED");
            assertRefused(httpEdit(aliceHttp, "01NOSUCHMESSAGE0000000000", "x", null), 404, "MESSAGE_NOT_FOUND");
            JsonObject unchanged = aliceHttp.get("/api/im/messages/history?conversationId="
                    + sent.header("im-conversation-id")).data().getJsonArray("messages").getJsonObject(0);
            assertThat(unchanged.getString("content")).isEqualTo("mine");
            assertThat(unchanged.containsKey("editCount")).isFalse();
        }
    }

    @Test
    void a_revoked_message_cannot_be_edited() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        ImClient a = ImClient.login(alice);
        JsonObject m = a.post("/api/im/messages/send", ImClient.text(bob, "gone soon", "c-1")).data();
        assertThat(a.post("/api/im/messages/revoke", "{\"messageId\":\"c-1\"}").status()).isEqualTo(200);

        assertRefused(httpEdit(a, m.getString("id"), "back", null), 409, "MESSAGE_REVOKED");
        assertRefused(Admin.post("/api/im/admin/messages/" + m.getString("id") + "/edit", "{\"content\":\"back\"}"),
                409, "MESSAGE_REVOKED");
    }

    @Test
    void the_apps_edit_window_binds_users_and_the_server_API_edits_any_time() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        ImClient a = ImClient.login(alice);
        Admin.Reply was = Admin.get(SETTINGS);
        assertThat(was.status()).isEqualTo(200);
        try {
            assertThat(Admin.put(SETTINGS, "{\"editWindowSeconds\":1}").data().getInt("editWindowSeconds"))
                    .isEqualTo(1);
            JsonObject m = a.post("/api/im/messages/send", ImClient.text(bob, "typo", "c-1")).data();
            sleep(1_500);
            Admin.Reply late = httpEdit(a, m.getString("id"), "fixed", null);
            assertRefused(late, 403, "EDIT_WINDOW_PASSED");
            assertThat(late.body().getString("message")).contains("1 s");

            assertThat(Admin.put(SETTINGS, "{\"editWindowSeconds\":0}").data().getInt("editWindowSeconds")).isZero();
            JsonObject fresh = a.post("/api/im/messages/send", ImClient.text(bob, "new", "c-2")).data();
            assertRefused(httpEdit(a, fresh.getString("id"), "newer", null), 403, "EDIT_WINDOW_PASSED");
            assertRefused(Admin.put(SETTINGS, "{\"editWindowSeconds\":-1}"), 400, "VALIDATION_FAILED");

            try (StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
                b.subscribe("q", QUEUE);
                Admin.Reply byServer = Admin.post("/api/im/admin/messages/" + m.getString("id") + "/edit",
                        "{\"content\":\"fixed by the back-end\",\"editId\":\"srv-1\"}");
                assertThat(byServer.status()).as(byServer.body().toString()).isEqualTo(200);
                assertThat(byServer.data().getString("content")).isEqualTo("fixed by the back-end");
                assertThat(byServer.data().getInt("editCount")).isEqualTo(1);
                assertThat(byServer.data().getJsonNumber("seq").longValue()).isEqualTo(m.getJsonNumber("seq").longValue());
                JsonObject notice = StompClient.json(b.await(EditIT::isEdited));
                assertThat(notice.getString("content")).isEqualTo("fixed by the back-end");

                // idempotent by editId: the same answer, no second version
                Admin.Reply again = Admin.post("/api/im/admin/messages/" + m.getString("id") + "/edit",
                        "{\"content\":\"something else\",\"editId\":\"srv-1\"}");
                assertThat(again.data().getInt("editCount")).isEqualTo(1);
                assertThat(again.data().getString("content")).isEqualTo("fixed by the back-end");
                b.expectNone(EditIT::isEdited, Duration.ofMillis(500));
            }
            assertThat(a.get("/api/im/messages/" + m.getString("id") + "/edits").body().getJsonArray("data"))
                    .hasSize(2);
        } finally {
            long before = was.data().containsKey("editWindowSeconds") && !was.data().isNull("editWindowSeconds")
                    ? was.data().getJsonNumber("editWindowSeconds").longValue() : 86_400;
            Admin.put(SETTINGS, "{\"editWindowSeconds\":" + before + "}");
        }
    }

    @Test
    void an_HTTP_edit_reaches_every_session_of_both_users() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            a.subscribe("q", QUEUE);
            b.subscribe("q", QUEUE);
            Frame sent = a.chat(bob, "SINGLE", "draft", "c-1");
            b.awaitMessage(QUEUE);

            Admin.Reply r = ImClient.login(alice).post("/api/im/messages/edit",
                    "{\"messageId\":\"c-1\",\"content\":\"final\"}");
            assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
            assertThat(r.data().getString("id")).isEqualTo(sent.header("im-message-id"));

            assertThat(StompClient.json(b.await(EditIT::isEdited)).getString("content")).isEqualTo("final");
            assertThat(StompClient.json(a.await(EditIT::isEdited)).getString("content")).isEqualTo("final");
        }
    }

    @Test
    void a_device_away_during_the_edit_gets_the_message_again_edited_on_its_next_sync() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            try (StompClient b = StompClient.connect(ItEnv.userSig(bob), "phone")) {
                b.subscribe("q", QUEUE);
                a.chat(bob, "SINGLE", "first words", "c-1");
                assertThat(b.awaitMessage(QUEUE).getString("content")).isEqualTo("first words");
            }
            edit(a, "c-1", "better words", null, "ed-1");
            a.awaitReceipt("ed-1");
        }
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob), "phone")) {
            b.subscribe("q", QUEUE);
            List<Frame> got = b.sync(null, "sync-1").messagesUntilReceipt(QUEUE, "sync-1", StompClient.WAIT);
            assertThat(got).anySatisfy(f -> {
                assertThat(f.command()).isEqualTo(Command.MESSAGE);
                JsonObject m = StompClient.json(f);
                assertThat(m.getString("messageId")).isEqualTo("c-1");
                assertThat(m.getString("content")).isEqualTo("better words");
                assertThat(m.getInt("editCount")).isEqualTo(1);
            });
        }
    }

    @Test
    void an_edit_of_a_group_message_reaches_every_session_on_the_topic_and_a_stranger_cannot_read_its_versions() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String eve = ItEnv.uid("eve");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, bob, eve);
        Admin.createGroup(group, alice, bob);
        String topic = "/topic/group/" + group;
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            a.subscribe("g", topic);
            b.subscribe("g", topic);
            Frame sent = a.chat(group, "GROUP", "meeting at 3", "c-1");
            b.awaitMessage(topic);

            edit(a, sent.header("im-message-id"), "meeting at 4", null, "ed-1");
            a.awaitReceipt("ed-1");

            for (StompClient c : List.of(a, b)) {
                Frame f = c.await(x -> x.command() == Command.MESSAGE && topic.equals(x.header("destination"))
                        && "EDITED".equals(StompClient.json(x).getString("type", "")));
                assertThat(StompClient.json(f).getString("content")).isEqualTo("meeting at 4");
            }
            String edits = "/api/im/messages/" + sent.header("im-message-id") + "/edits";
            assertThat(ImClient.login(bob).get(edits).body().getJsonArray("data")).hasSize(2);
            assertRefused(ImClient.login(eve).get(edits), 404, "MESSAGE_NOT_FOUND");
        }
    }
}
