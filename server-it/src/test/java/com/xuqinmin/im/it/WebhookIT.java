package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.sdk.UserSig;
import com.xuqinmin.im.sdk.Webhooks;
import com.xuqinmin.im.stomp.Command;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks (docs/api.md, "Webhooks") against a tenant back-end of the test's own (a real HTTP server
 * on 127.0.0.1, allowed over http on the test server by IM_WEBHOOK_ALLOW_HTTP_LOOPBACK): the
 * configuration, the signed ping, moderation before a message is stored or edited, and the after-events.
 * Each test has its own tenant and app, so a webhook never reaches another test's messages.
 */
class WebhookIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private Console.Tenant tenant;
    private Console.App app;
    private TenantBackend backend;

    @BeforeEach
    void newApp() {
        tenant = Console.newTenant();
        app = Console.newApp(tenant);
        backend = new TenantBackend(app.secret());
    }

    @AfterEach
    void stopBackend() {
        backend.close();
    }

    // ------------------------------------------------------------------ configuration

    @Test
    void the_console_and_the_server_api_set_the_webhook_with_defaults_and_refuse_bad_settings() {
        String path = "/api/apps/" + app.appKey() + "/webhook";
        Admin.Reply none = Http.get(path, tenant.token());
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.body().getString("message")).isEqualTo("the app has no webhook");

        JsonObject set = ok(Http.put(path, "{\"url\":\"" + backend.url() + "\",\"events\":[\"afterSendMessage\"]}",
                tenant.token()));
        assertThat(set.getString("url")).isEqualTo(backend.url());
        assertThat(set.getJsonArray("events").getString(0)).isEqualTo("afterSendMessage");
        assertThat(set.getInt("timeoutMs")).as("the default timeout").isEqualTo(2000);
        assertThat(set.getString("failurePolicy")).as("the default policy").isEqualTo("failOpen");
        assertThat(ok(signed("GET", "/api/im/admin/webhook", null)).getString("url"))
                .as("the app's back-end reads the same").isEqualTo(backend.url());

        refused(path, "{\"events\":[]}", "url is required");
        refused(path, "{\"url\":\"http://hooks.example.com/im\"}", "url must be https (http only to a loopback address)");
        refused(path, "{\"url\":\"http://10.0.0.8/im\"}", "url must be https (http only to a loopback address)");
        refused(path, "{\"url\":\"ftp://hooks.example.com/im\"}", "url must be https");
        refused(path, "{\"url\":\"https://user:pw@hooks.example.com/im\"}",
                "url must be an absolute https URL of at most 1024 characters, without user info or fragment");
        refused(path, "{\"url\":\"" + backend.url() + "\",\"timeoutMs\":5001}", "timeoutMs must be 100 to 5000");
        refused(path, "{\"url\":\"" + backend.url() + "\",\"failurePolicy\":\"maybe\"}",
                "failurePolicy must be failOpen or failClosed");
        Admin.Reply unknown = Http.put(path, "{\"url\":\"" + backend.url() + "\",\"events\":[\"nope\"]}", tenant.token());
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().getString("message")).startsWith("unknown event nope; the events are beforeSendMessage");

        JsonObject https = ok(signed("PUT", "/api/im/admin/webhook", "{\"url\":\"https://hooks.example.com/im\","
                + "\"events\":[\"beforeSendMessage\",\"afterRevokeMessage\"],\"timeoutMs\":5000,"
                + "\"failurePolicy\":\"failClosed\"}"));
        assertThat(https.getInt("timeoutMs")).isEqualTo(5000);
        assertThat(https.getString("failurePolicy")).isEqualTo("failClosed");
        assertThat(ok(Http.get(path, tenant.token())).getJsonArray("events").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList())
                .containsExactly("beforeSendMessage", "afterRevokeMessage");

        Console.Tenant other = Console.newTenant();
        assertThat(Http.get(path, other.token()).status()).as("another tenant's app").isEqualTo(404);
        assertThat(Http.put(path, "{\"url\":\"" + backend.url() + "\"}", other.token()).status()).isEqualTo(404);

        ok(Http.delete(path, tenant.token()));
        assertThat(Http.get(path, tenant.token()).status()).isEqualTo(404);
        assertThat(signed("GET", "/api/im/admin/webhook", null).status()).isEqualTo(404);
    }

    @Test
    void the_test_delivery_sends_a_signed_ping_and_reports_the_answer() {
        String path = "/api/apps/" + app.appKey() + "/webhook";
        ok(Http.put(path, "{\"url\":\"" + backend.url() + "\"}", tenant.token()));
        backend.answering(d -> TenantBackend.Answer.ok("{\"pong\":true}"));

        JsonObject pong = ok(Http.post(path + "/test", null, tenant.token()));
        assertThat(pong.getBoolean("ok")).isTrue();
        assertThat(pong.getInt("httpStatus")).isEqualTo(200);
        assertThat(pong.getString("answer")).isEqualTo("{\"pong\":true}");
        TenantBackend.Delivery ping = backend.received("ping").get(0);
        assertThat(ping.verified()).as("Webhooks.verify with the AppSecret").isTrue();
        assertThat(Webhooks.verify("another-secret-of-forty-three-characters-xx", ping.timestamp(),
                ping.body().getBytes(StandardCharsets.UTF_8), ping.signature())).isFalse();
        JsonObject body = ping.json();
        assertThat(body.getString("event")).isEqualTo("ping");
        assertThat(body.getString("appKey")).isEqualTo(app.appKey());
        assertThat(body.getString("eventId")).isEqualTo(ping.eventId());
        assertThat(body.getJsonNumber("timestamp").longValue()).isCloseTo(System.currentTimeMillis(),
                org.assertj.core.data.Offset.offset(60_000L));

        backend.answering(d -> new TenantBackend.Answer(503, "down", Duration.ZERO));
        JsonObject down = ok(signed("POST", "/api/im/admin/webhook/test", null));
        assertThat(down.getBoolean("ok")).isFalse();
        assertThat(down.getInt("httpStatus")).isEqualTo(503);
        assertThat(down.getString("error")).isEqualTo("HTTP_ERROR: HTTP 503");

        List<JsonObject> log = list(Http.get(path + "/deliveries?limit=10", tenant.token()));
        assertThat(log).extracting(e -> e.getString("event") + ":" + e.getString("outcome") + ":"
                + e.getInt("httpStatus")).containsExactly("ping:HTTP_ERROR:503", "ping:DELIVERED:200");
    }

    @Test
    void the_sdk_sets_reads_tests_and_removes_the_webhook() {
        com.xuqinmin.im.sdk.ImServerClient sdk = com.xuqinmin.im.sdk.ImServerClient.builder()
                .baseUrl("http://localhost:" + ItEnv.port()).appKey(app.appKey()).appSecret(app.secret()).build();
        com.xuqinmin.im.sdk.WebhookSettings set = sdk.webhook().set(com.xuqinmin.im.sdk.WebhookSettings
                .to(backend.url()).events("afterSendMessage", "userOnline").timeoutMs(3000)
                .failurePolicy(com.xuqinmin.im.sdk.WebhookSettings.FailurePolicy.failClosed));
        assertThat(set.events()).containsExactly("afterSendMessage", "userOnline");
        assertThat(sdk.webhook().get().timeoutMs()).isEqualTo(3000);
        assertThat(sdk.webhook().get().failurePolicy())
                .isEqualTo(com.xuqinmin.im.sdk.WebhookSettings.FailurePolicy.failClosed);
        backend.answering(d -> TenantBackend.Answer.ok("pong"));
        com.xuqinmin.im.sdk.WebhookConfig.PingResult ping = sdk.webhook().test();
        assertThat(ping.ok()).isTrue();
        assertThat(ping.httpStatus()).isEqualTo(200L);
        assertThat(ping.answer()).isEqualTo("pong");
        sdk.webhook().remove();
        com.xuqinmin.im.sdk.ImException gone = org.junit.jupiter.api.Assertions.assertThrows(
                com.xuqinmin.im.sdk.ImException.class, () -> sdk.webhook().get());
        assertThat(gone.error()).isEqualTo("NOT_FOUND");
    }

    // ------------------------------------------------------------------ before-events

    @Test
    void before_send_message_rejects_and_rewrites_single_and_group_messages() {
        hook("{\"url\":\"" + backend.url() + "\",\"events\":[\"beforeSendMessage\"]}");
        backend.answering(d -> {
            String content = d.json().getJsonObject("message").getString("content");
            if (content.contains("spam")) {
                return TenantBackend.Answer.ok("{\"action\":\"reject\",\"code\":\"SPAM\",\"message\":\"no spam here\"}");
            }
            if (content.contains("darn")) {
                return TenantBackend.Answer.ok("{\"action\":\"replace\",\"content\":\"****\"}");
            }
            return TenantBackend.Answer.ok("{\"action\":\"allow\"}");
        });
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String group = ItEnv.uid("g");
        users(alice, bob);
        ok(signed("POST", "/api/im/admin/groups", "{\"groupId\":\"" + group + "\",\"name\":\"G\",\"ownerId\":\""
                + alice + "\",\"memberIds\":[\"" + bob + "\"]}"));

        try (StompClient a = connect(alice); StompClient b = connect(bob)) {
            a.subscribe("e", "/user/queue/errors");
            b.subscribe("m", "/user/queue/messages");
            b.subscribe("g", "/topic/group/" + group);

            send(a, bob, "SINGLE", "hello", "m1");
            a.awaitReceipt("r-m1");
            assertThat(b.awaitMessage("/user/queue/messages").getString("content")).isEqualTo("hello");
            TenantBackend.Delivery asked = backend.received("beforeSendMessage").get(0);
            assertThat(asked.verified()).isTrue();
            JsonObject m = asked.json().getJsonObject("message");
            assertThat(m.getString("fromId")).isEqualTo(alice);
            assertThat(m.getString("toId")).isEqualTo(bob);
            assertThat(m.getString("chatType")).isEqualTo("SINGLE");
            assertThat(m.getString("messageId")).isEqualTo("m1");

            send(a, bob, "SINGLE", "buy spam now", "m2");
            JsonObject rejected = a.awaitRejection();
            assertThat(rejected.getString("error")).isEqualTo("REJECTED_BY_APP");
            assertThat(rejected.getInt("code")).isEqualTo(403);
            assertThat(rejected.getString("message")).isEqualTo("no spam here");
            assertThat(rejected.getString("appCode")).isEqualTo("SPAM");
            assertThat(rejected.getString("messageId")).isEqualTo("m2");

            send(a, bob, "SINGLE", "darn it", "m3");
            a.awaitReceipt("r-m3");
            JsonObject rewritten = b.awaitMessage("/user/queue/messages");
            assertThat(rewritten.getString("content")).as("the rejected one never arrives; the next is rewritten")
                    .isEqualTo("****");
            assertThat(rewritten.getString("messageId")).isEqualTo("m3");

            send(a, group, "GROUP", "group spam", "g1");
            assertThat(a.awaitRejection().getString("error")).isEqualTo("REJECTED_BY_APP");
            send(a, group, "GROUP", "darn group", "g2");
            a.awaitReceipt("r-g2");
            JsonObject inGroup = b.awaitMessage("/topic/group/" + group);
            assertThat(inGroup.getString("messageId")).isEqualTo("g2");
            assertThat(inGroup.getString("content")).isEqualTo("****");
        }
        // what is stored is what was delivered
        JsonObject history = ok(signed("GET", "/api/im/admin/messages?conversationId=" + single(alice, bob), null));
        assertThat(history.getJsonArray("messages").getValuesAs(JsonObject.class))
                .extracting(x -> x.getString("content")).containsExactlyInAnyOrder("hello", "****");
    }

    @Test
    void an_edit_is_moderated_as_a_send_and_is_an_after_event() {
        hook("{\"url\":\"" + backend.url() + "\",\"events\":[\"beforeSendMessage\",\"afterEditMessage\"]}");
        backend.answering(d -> {
            String content = d.json().getJsonObject("message").getString("content");
            if (d.event().equals("beforeSendMessage") && content.contains("spam")) {
                return TenantBackend.Answer.ok("{\"action\":\"reject\",\"code\":\"SPAM\",\"message\":\"no spam here\"}");
            }
            if (d.event().equals("beforeSendMessage") && content.contains("darn")) {
                return TenantBackend.Answer.ok("{\"action\":\"replace\",\"content\":\"****\"}");
            }
            return TenantBackend.Answer.ok("");
        });
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        users(alice, bob);
        String id;
        String secretId;
        try (StompClient a = connect(alice); StompClient b = connect(bob)) {
            a.subscribe("e", "/user/queue/errors");
            b.subscribe("m", "/user/queue/messages");
            send(a, bob, "SINGLE", "hello", "m1");
            id = a.awaitReceipt("r-m1").header("im-message-id");
            b.awaitMessage("/user/queue/messages");

            // a rejected edit: the sender is told as for a send, nothing changes, the recipient hears nothing
            edit(a, "m1", "buy spam now", "ed-1");
            JsonObject rejected = a.awaitRejection();
            assertThat(rejected.getString("error")).isEqualTo("REJECTED_BY_APP");
            assertThat(rejected.getInt("code")).isEqualTo(403);
            assertThat(rejected.getString("message")).isEqualTo("no spam here");
            assertThat(rejected.getString("appCode")).isEqualTo("SPAM");
            TenantBackend.Delivery asked = backend.await(x -> "beforeSendMessage".equals(x.event())
                    && x.json().getJsonObject("message").getString("content").equals("buy spam now"), WAIT);
            assertThat(asked.verified()).isTrue();
            JsonObject m = asked.json().getJsonObject("message");
            assertThat(m.getString("id")).isEqualTo(id);
            assertThat(m.getString("messageId")).isEqualTo("m1");
            assertThat(m.getInt("seq")).as("an edit carries the message's seq").isEqualTo(1);
            assertThat(m.containsKey("editedAt")).as("and the edit's time").isTrue();

            // a rewritten edit: stored and announced with the back-end's content
            edit(a, "m1", "darn it", "ed-2");
            a.awaitReceipt("r-ed-2");
            JsonObject edited = b.awaitMessage("/user/queue/messages", x -> "EDITED".equals(x.getString("type", "")));
            assertThat(edited.getString("content")).as("the rejected edit never arrived; this one is rewritten")
                    .isEqualTo("****");
            assertThat(edited.getInt("editCount")).isEqualTo(1);

            // over HTTP the same: the envelope carries the refusal
            Admin.Reply http = ImClient.call("POST", "/api/im/messages/edit", "{\"id\":\"" + id
                    + "\",\"content\":\"more spam\"}", "Bearer " + token(alice));
            assertThat(http.status()).as(http.body().toString()).isEqualTo(403);
            assertThat(http.body().getString("error")).isEqualTo("REJECTED_BY_APP");
            assertThat(http.body().getString("message")).isEqualTo("no spam here");

            // ciphertext is never sent to the back-end, edited or not
            a.sendJson("/app/chat.send", "{\"messageId\":\"x1\",\"toId\":\"" + bob + "\",\"chatType\":\"SINGLE\","
                    + "\"msgType\":\"ENCRYPTED\",\"content\":\"c2VhbGVk\"}", "r-x1");
            secretId = a.awaitReceipt("r-x1").header("im-message-id");
            edit(a, "x1", "spam-looking-ciphertext", "ed-3");
            a.awaitReceipt("r-ed-3");
        }
        assertThat(backend.received("beforeSendMessage")).extracting(x -> x.json().getJsonObject("message")
                .getString("content")).containsExactly("hello", "buy spam now", "darn it", "more spam");

        // the server API's edit is not moderated (as its sends are not), and is an after-event too
        ok(signed("POST", "/api/im/admin/messages/" + id + "/edit", "{\"content\":\"spam by the back-end\"}"));
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> backend.received("afterEditMessage").size() == 3);
        List<TenantBackend.Delivery> after = backend.received("afterEditMessage");
        assertThat(after).allMatch(TenantBackend.Delivery::verified);
        assertThat(after).extracting(x -> x.json().getJsonObject("message").getString("content"))
                .as("in the conversation's order").containsExactly("****", "spam-looking-ciphertext",
                        "spam by the back-end");
        JsonObject first = after.get(0).json().getJsonObject("message");
        assertThat(first.getString("id")).isEqualTo(id);
        assertThat(first.getInt("seq")).isEqualTo(1);
        assertThat(first.getString("status")).isEqualTo("SENT");
        assertThat(first.getInt("editCount")).isEqualTo(1);
        assertThat(first.containsKey("editedAt")).isTrue();
        assertThat(after.get(1).json().getJsonObject("message").getString("id")).isEqualTo(secretId);
        assertThat(after.get(2).json().getJsonObject("message").getInt("editCount")).isEqualTo(2);
    }

    @Test
    void a_hanging_back_end_gets_the_timeout_and_the_policy_while_other_conversations_flow() {
        hook("{\"url\":\"" + backend.url() + "\",\"events\":[\"beforeSendMessage\"],\"timeoutMs\":1500}");
        backend.answering(d -> d.json().getJsonObject("message").getString("content").startsWith("slow")
                ? new TenantBackend.Answer(200, "{\"action\":\"reject\"}", Duration.ofSeconds(6))
                : TenantBackend.Answer.ok("{\"action\":\"allow\"}"));
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        String dave = ItEnv.uid("dave");
        users(alice, bob, carol, dave);

        try (StompClient a = connect(alice); StompClient b = connect(bob); StompClient c = connect(carol);
                StompClient d = connect(dave)) {
            a.subscribe("e", "/user/queue/errors");
            b.subscribe("m", "/user/queue/messages");
            d.subscribe("m", "/user/queue/messages");

            send(a, bob, "SINGLE", "slow one", "s1");
            backend.await(x -> "beforeSendMessage".equals(x.event()), WAIT);
            // the back-end holds alice's message; carol's, in another conversation of the same app, goes through
            send(c, dave, "SINGLE", "quick", "q1");
            assertThat(d.awaitMessage("/user/queue/messages").getString("content")).isEqualTo("quick");
            b.expectNone(f -> f.command() == Command.MESSAGE, Duration.ZERO);

            // failOpen: after the timeout the message goes as if allowed (the late "reject" is never read)
            a.awaitReceipt("r-s1");
            assertThat(b.awaitMessage("/user/queue/messages").getString("content")).isEqualTo("slow one");

            hook("{\"url\":\"" + backend.url() + "\",\"events\":[\"beforeSendMessage\"],\"timeoutMs\":1500,"
                    + "\"failurePolicy\":\"failClosed\"}");
            send(a, bob, "SINGLE", "slow two", "s2");
            JsonObject refused = a.awaitRejection();
            assertThat(refused.getString("error")).isEqualTo("APP_CALLBACK_FAILED");
            assertThat(refused.getInt("code")).isEqualTo(503);
            assertThat(refused.getString("message")).isEqualTo(
                    "the app's back-end did not answer (no answer within 1500 ms); the message was not sent");
            b.expectNone(f -> f.command() == Command.MESSAGE, Duration.ofMillis(500));
        }
        List<JsonObject> log = list(signed("GET", "/api/im/admin/webhook/deliveries", null));
        assertThat(log.stream().filter(e -> e.getString("outcome").equals("TIMEOUT")).count()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ after-events

    @Test
    void after_events_are_signed_delivered_in_order_and_retried_with_the_same_event_id() {
        hook("{\"url\":\"" + backend.url() + "\",\"events\":[\"afterSendMessage\",\"afterRevokeMessage\"]}");
        List<String> answeredOk = new CopyOnWriteArrayList<>(); // contents, in the order they were taken
        AtomicInteger failuresLeft = new AtomicInteger(2);
        backend.answering(d -> {
            String content = d.json().getJsonObject("message").getString("content");
            if (content.equals("one") && failuresLeft.getAndDecrement() > 0) {
                return new TenantBackend.Answer(500, "try later", Duration.ZERO);
            }
            answeredOk.add(d.event() + ":" + content);
            return TenantBackend.Answer.ok("");
        });
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        users(alice, bob);
        String lastId;
        try (StompClient a = connect(alice)) {
            send(a, bob, "SINGLE", "one", "a1");
            a.awaitReceipt("r-a1");
            send(a, bob, "SINGLE", "two", "a2");
            a.awaitReceipt("r-a2");
            send(a, bob, "SINGLE", "three", "a3");
            lastId = a.awaitReceipt("r-a3").header("im-message-id");
        }
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> answeredOk.contains("afterSendMessage:three"));

        List<TenantBackend.Delivery> sent = backend.received("afterSendMessage");
        assertThat(sent).allMatch(TenantBackend.Delivery::verified);
        // one 2xx per event, in the conversation's order: "two" waited for "one" through its retries
        assertThat(answeredOk).containsExactly("afterSendMessage:one", "afterSendMessage:two",
                "afterSendMessage:three");
        List<TenantBackend.Delivery> ones = sent.stream()
                .filter(x -> x.json().getJsonObject("message").getString("content").equals("one")).toList();
        assertThat(ones).hasSize(3);
        assertThat(ones.stream().map(TenantBackend.Delivery::eventId).distinct()).as("a retry keeps its eventId")
                .hasSize(1);
        JsonObject event = ones.get(0).json();
        assertThat(event.getString("event")).isEqualTo("afterSendMessage");
        assertThat(event.getString("appKey")).isEqualTo(app.appKey());
        assertThat(event.getString("eventId")).isEqualTo(ones.get(0).eventId());
        JsonObject m = event.getJsonObject("message");
        assertThat(m.getString("fromId")).isEqualTo(alice);
        assertThat(m.getInt("seq")).isEqualTo(1);
        assertThat(m.getString("status")).isEqualTo("SENT");

        // the delivery log shows the tries of the first event, newest first
        List<JsonObject> tries = list(signed("GET", "/api/im/admin/webhook/deliveries?eventId=" + ones.get(0).eventId(),
                null));
        assertThat(tries).extracting(t -> t.getString("outcome")).containsExactly("DELIVERED", "HTTP_ERROR",
                "HTTP_ERROR");
        assertThat(tries.get(1).getInt("httpStatus")).isEqualTo(500);

        // a revoke by the back-end is an after-event too (found by the message's server id)
        assertThat(lastId).isNotNull();
        ok(signed("POST", "/api/im/admin/messages/" + lastId + "/revoke", null));
        TenantBackend.Delivery revoked = backend.await(x -> "afterRevokeMessage".equals(x.event()), WAIT);
        assertThat(revoked.verified()).isTrue();
        assertThat(revoked.json().getJsonObject("message").getString("status")).isEqualTo("REVOKED");
        assertThat(revoked.json().getJsonObject("message").getString("id")).isEqualTo(lastId);

        // the outbox shows the four events delivered (three sends, one revoke)
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> list(signed("GET",
                "/api/im/admin/webhook/events?status=DELIVERED", null)).size() == 4);
        assertThat(list(signed("GET", "/api/im/admin/webhook/events?status=PENDING", null))).isEmpty();
    }

    @Test
    void reads_and_group_changes_are_after_events_too() {
        hook("{\"url\":\"" + backend.url() + "\",\"events\":[\"afterReadMessage\",\"afterGroupCreated\","
                + "\"afterGroupMembersAdded\",\"afterGroupMemberLeft\",\"afterGroupDismissed\"]}");
        backend.answering(d -> TenantBackend.Answer.ok(""));
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        String group = ItEnv.uid("g");
        users(alice, bob, carol);
        ok(signed("POST", "/api/im/admin/groups", "{\"groupId\":\"" + group + "\",\"name\":\"G\",\"ownerId\":\""
                + alice + "\",\"memberIds\":[\"" + bob + "\"]}"));
        ok(signed("POST", "/api/im/admin/groups/" + group + "/members", "{\"userIds\":[\"" + carol + "\"]}"));
        ok(signed("DELETE", "/api/im/admin/groups/" + group + "/members/" + carol, null));
        ok(signed("POST", "/api/im/admin/groups/" + group + "/dismiss", null));

        backend.await(x -> "afterGroupDismissed".equals(x.event()), WAIT);
        List<TenantBackend.Delivery> groupEvents = backend.received().stream()
                .filter(x -> x.event().startsWith("afterGroup")).toList();
        assertThat(groupEvents).extracting(TenantBackend.Delivery::event).as("in the order they happened")
                .containsExactly("afterGroupCreated", "afterGroupMembersAdded", "afterGroupMemberLeft",
                        "afterGroupDismissed");
        assertThat(groupEvents).allMatch(TenantBackend.Delivery::verified);
        JsonObject created = groupEvents.get(0).json();
        assertThat(created.getString("groupId")).isEqualTo(group);
        assertThat(created.getString("ownerId")).isEqualTo(alice);
        assertThat(created.getJsonArray("memberIds").getValuesAs(jakarta.json.JsonString.class))
                .extracting(jakarta.json.JsonString::getString).containsExactly(alice, bob);
        assertThat(groupEvents.get(1).json().getJsonArray("userIds").getString(0)).isEqualTo(carol);
        assertThat(groupEvents.get(1).json().containsKey("by")).as("the back-end added them").isFalse();
        assertThat(groupEvents.get(2).json().getString("userId")).isEqualTo(carol);
        assertThat(groupEvents.get(3).json().getString("groupId")).isEqualTo(group);

        ok(signed("POST", "/api/im/admin/messages/send", "{\"fromId\":\"" + alice + "\",\"toId\":\"" + bob
                + "\",\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\",\"content\":\"read me\"}"));
        try (StompClient b = connect(bob)) {
            b.sendJson("/app/chat.read", "{\"conversationId\":\"" + single(alice, bob) + "\",\"seq\":1}", "rd");
            b.awaitReceipt("rd");
            b.sendJson("/app/chat.read", "{\"conversationId\":\"" + single(alice, bob) + "\",\"seq\":1}", "rd2");
            b.awaitReceipt("rd2");
        }
        TenantBackend.Delivery read = backend.await(x -> "afterReadMessage".equals(x.event()), WAIT);
        assertThat(read.verified()).isTrue();
        assertThat(read.json().getString("userId")).isEqualTo(bob);
        assertThat(read.json().getString("conversationId")).isEqualTo(single(alice, bob));
        assertThat(read.json().getInt("readSeq")).isEqualTo(1);
        org.awaitility.Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> backend.received("afterReadMessage").size() == 1); // reading again moved nothing
    }

    @Test
    void user_online_and_offline_are_per_user_not_per_socket() {
        hook("{\"url\":\"" + backend.url() + "\",\"events\":[\"userOnline\",\"userOffline\"]}");
        backend.answering(d -> TenantBackend.Answer.ok(""));
        String alice = ItEnv.uid("alice");
        users(alice);
        String sig = UserSig.mint(app.appKey(), app.secret(), alice, System.currentTimeMillis() / 1000, 3600);
        StompClient phone = StompClient.connect(sig, "phone");
        TenantBackend.Delivery online = backend.await(x -> "userOnline".equals(x.event()), WAIT);
        assertThat(online.verified()).isTrue();
        assertThat(online.json().getString("userId")).isEqualTo(alice);
        assertThat(online.json().getString("deviceId")).isEqualTo("phone");
        StompClient desktop = StompClient.connect(sig, "desktop");
        phone.close();
        phone.awaitClose();
        desktop.close();
        TenantBackend.Delivery offline = backend.await(x -> "userOffline".equals(x.event()), WAIT);
        assertThat(offline.json().getString("deviceId")).isEqualTo("desktop");
        assertThat(offline.json().getString("appKey")).isEqualTo(app.appKey());
        // one of each: the second device coming and the first going changed nothing
        org.awaitility.Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                backend.received("userOnline").size() == 1 && backend.received("userOffline").size() == 1);
        assertThat(backend.received()).extracting(TenantBackend.Delivery::event)
                .containsExactly("userOnline", "userOffline");
    }

    // ------------------------------------------------------------------ helpers

    private void hook(String json) {
        ok(signed("PUT", "/api/im/admin/webhook", json));
    }

    private void users(String... ids) {
        StringBuilder sb = new StringBuilder("{\"users\":[");
        for (int i = 0; i < ids.length; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"userId\":\"").append(ids[i]).append("\"}");
        }
        ok(signed("POST", "/api/im/admin/users", sb.append("]}").toString()));
    }

    private StompClient connect(String userId) {
        return StompClient.connect(UserSig.mint(app.appKey(), app.secret(), userId,
                System.currentTimeMillis() / 1000, 3600));
    }

    /** chat.edit of the sender's message by its client id, with receipt {@code r-{editId}}. */
    private static void edit(StompClient c, String messageId, String content, String editId) {
        c.sendJson("/app/chat.edit", "{\"messageId\":\"" + messageId + "\",\"content\":\"" + content
                + "\",\"editId\":\"" + editId + "\"}", "r-" + editId);
    }

    /** A bearer token of a user of this test's app. */
    private String token(String userId) {
        Admin.Reply r = ImClient.call("POST", "/api/im/auth/login", "{\"appKey\":\"" + app.appKey() + "\",\"userId\":\""
                + userId + "\",\"userSig\":\"" + UserSig.mint(app.appKey(), app.secret(), userId,
                System.currentTimeMillis() / 1000, 3600) + "\"}", null);
        return ok(r).getString("token");
    }

    private static void send(StompClient c, String toId, String chatType, String content, String messageId) {
        c.sendJson("/app/chat.send", "{\"messageId\":\"" + messageId + "\",\"toId\":\"" + toId + "\",\"chatType\":\""
                + chatType + "\",\"msgType\":\"TEXT\",\"content\":\"" + content + "\"}", "r-" + messageId);
    }

    private static String single(String a, String b) {
        return a.compareTo(b) < 0 ? "s:" + a + ":" + b : "s:" + b + ":" + a;
    }

    private Admin.Reply signed(String method, String path, String json) {
        return Admin.send(method, path, json, app.appKey(), app.secret(), System.currentTimeMillis(), Admin.nonce());
    }

    private void refused(String path, String json, String message) {
        Admin.Reply r = Http.put(path, json, tenant.token());
        assertThat(r.status()).as(json).isEqualTo(400);
        assertThat(r.body().getString("error")).isEqualTo("VALIDATION_FAILED");
        assertThat(r.body().getString("message")).isEqualTo(message);
    }

    private static List<JsonObject> list(Admin.Reply r) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.body().getJsonArray("data").getValuesAs(JsonObject.class);
    }

    private static JsonObject ok(Admin.Reply r) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.body().get("data") instanceof JsonObject o ? o : jakarta.json.JsonValue.EMPTY_JSON_OBJECT;
    }
}
