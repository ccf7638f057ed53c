package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.sdk.UserSig;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Offline push through APNs (Pushy's MockApnsServer, checking the ES256 provider token, topic and
 * device token as Apple does) and FCM HTTP v1 (a local server checking the OAuth2 assertion and the
 * message as Google does): the push goes to an offline user's device, not to an online one's nor to
 * one who muted the conversation; the badge is the user's total unread; the templates and the
 * hidden content shape the notification; a token the provider calls invalid is removed.
 */
class PushIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private Console.Tenant tenant;
    private Console.App app;

    @BeforeAll
    static void trust() {
        TestApns.ensureTrustFile();
    }

    @BeforeEach
    void newApp() {
        tenant = Console.newTenant();
        app = Console.newApp(tenant);
    }

    @Test
    void apns_gets_the_push_of_an_offline_user_with_the_unread_total_as_badge_and_not_an_online_or_muted_one()
            throws Exception {
        String bobPhone = TestApns.token();
        String carolPhone = TestApns.token();
        String davePhone = TestApns.token();
        String gonePhone = TestApns.token();
        String strangePhone = TestApns.token();
        try (TestApns apns = new TestApns(Set.of(bobPhone, carolPhone, davePhone), Set.of(gonePhone))) {
            JsonObject set = ok(Http.put("/api/apps/" + app.appKey() + "/push", "{\"apns\":{\"keyId\":\""
                    + apns.keyId() + "\",\"teamId\":\"" + TestApns.TEAM_ID + "\",\"topic\":\"" + TestApns.TOPIC
                    + "\",\"privateKey\":" + quote(apns.p8()) + ",\"endpoint\":\"" + apns.endpoint() + "\"},"
                    + "\"titleTemplate\":\"{senderNickname}{groupName}\"}", tenant.token()));
            assertThat(set.getJsonObject("apns").getBoolean("keySet")).isTrue();
            assertThat(set.toString()).as("the key is never shown").doesNotContain("PRIVATE KEY");
            assertThat(ok(signed("GET", "/api/im/admin/push", null)).toString()).doesNotContain("PRIVATE KEY");

            String alice = ItEnv.uid("alice");
            String bob = ItEnv.uid("bob");
            String carol = ItEnv.uid("carol");
            String dave = ItEnv.uid("dave");
            String erin = ItEnv.uid("erin");
            ok(signed("POST", "/api/im/admin/users", "{\"users\":[{\"userId\":\"" + alice + "\",\"nickname\":\"Alice\"},"
                    + "{\"userId\":\"" + bob + "\"},{\"userId\":\"" + carol + "\"},{\"userId\":\"" + dave + "\"},"
                    + "{\"userId\":\"" + erin + "\"}]}"));
            String bobJwt = imJwt(bob);
            String daveJwt = imJwt(dave);
            String erinJwt = imJwt(erin);
            register(bobJwt, "phone", "ios", bobPhone);
            register(imJwt(carol), "phone", "ios", carolPhone);
            register(daveJwt, "phone", "ios", davePhone);
            register(erinJwt, "phone", "ios", gonePhone);
            register(erinJwt, "tablet", "ios", strangePhone);
            register(erinJwt, "watch", "ios", "not-an-apns-token");
            ok(Http.put("/api/im/conversations/" + single(alice, dave) + "/settings", "{\"muted\":true}", daveJwt));

            try (StompClient c = StompClient.connect(UserSig.mint(app.appKey(), app.secret(), carol,
                    System.currentTimeMillis() / 1000, 3600))) {
                send(alice, carol, "SINGLE", "to online carol");
                send(alice, dave, "SINGLE", "to muted dave");
                send(alice, bob, "SINGLE", "first");
                TestApns.Push first = apns.await(p -> p.token().equals(bobPhone), WAIT);
                assertThat(first.rejected()).as("APNs accepted the provider token, topic and device; errors: "
                        + apns.errors()).isNull();
                assertThat(first.topic()).isEqualTo(TestApns.TOPIC);
                assertThat(first.pushType()).isEqualTo("alert");
                JsonObject aps = first.json().getJsonObject("aps");
                assertThat(aps.getJsonObject("alert").getString("title")).as("the nickname").isEqualTo("Alice");
                assertThat(aps.getJsonObject("alert").getString("body")).isEqualTo("first");
                assertThat(aps.getInt("badge")).isEqualTo(1);

                send(alice, bob, "SINGLE", "second");
                TestApns.Push second = apns.await(p -> p.token().equals(bobPhone) && p.payload().contains("second"), WAIT);
                assertThat(second.json().getJsonObject("aps").getInt("badge")).as("bob's unread total").isEqualTo(2);

                Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                        .until(() -> apns.to(carolPhone).isEmpty() && apns.to(davePhone).isEmpty());
                assertThat(apns.to(carolPhone)).as("carol is online").isEmpty();
                assertThat(apns.to(davePhone)).as("dave muted the conversation").isEmpty();
            }

            // a token APNs calls unregistered (410), not of this app (400 DeviceTokenNotForTopic) or
            // malformed (400 BadDeviceToken) is forgotten
            send(alice, erin, "SINGLE", "to erin");
            assertThat(apns.await(p -> p.token().equals(gonePhone), WAIT).rejected()).isEqualTo("UNREGISTERED");
            assertThat(apns.await(p -> p.token().equals(strangePhone), WAIT).rejected())
                    .isEqualTo("DEVICE_TOKEN_NOT_FOR_TOPIC");
            assertThat(apns.await(p -> p.token().equals("not-an-apns-token"), WAIT).rejected())
                    .isEqualTo("BAD_DEVICE_TOKEN");
            Awaitility.await().atMost(WAIT).until(() -> Http.get("/api/im/devices", erinJwt).body()
                    .getJsonArray("data").isEmpty());

            // hidden content, set without sending the key again (the stored one stays)
            ok(signed("PUT", "/api/im/admin/push", "{\"apns\":{\"keyId\":\"" + apns.keyId() + "\",\"teamId\":\""
                    + TestApns.TEAM_ID + "\",\"topic\":\"" + TestApns.TOPIC + "\",\"endpoint\":\"" + apns.endpoint()
                    + "\"},\"hideContent\":true}"));
            send(alice, bob, "SINGLE", "a secret");
            TestApns.Push hidden = apns.await(p -> p.token().equals(bobPhone)
                    && p.json().getJsonObject("aps").getInt("badge") == 3, WAIT);
            assertThat(hidden.json().getJsonObject("aps").getJsonObject("alert").getString("body"))
                    .isEqualTo("You have a new message");
            assertThat(hidden.json().getJsonObject("aps").getJsonObject("alert").containsKey("title")).isFalse();
            assertThat(hidden.payload()).doesNotContain("a secret").doesNotContain("Alice");
        }
    }

    @Test
    void fcm_gets_the_push_with_an_oauth2_token_from_the_service_account_and_unregistered_tokens_are_removed() {
        String bobPhone = TestFcm.token();
        String gonePhone = TestFcm.token();
        String notAToken = "not-an-fcm-token";
        try (TestFcm fcm = new TestFcm(Set.of(bobPhone), Set.of(gonePhone))) {
            JsonObject set = ok(signed("PUT", "/api/im/admin/push", "{\"fcm\":{\"projectId\":\"" + TestFcm.PROJECT
                    + "\",\"serviceAccount\":" + quote(fcm.serviceAccount()) + ",\"endpoint\":\"" + fcm.base() + "\"},"
                    + "\"titleTemplate\":\"{groupName}\",\"bodyTemplate\":\"{senderNickname}: {content}\"}"));
            assertThat(set.getJsonObject("fcm").getString("clientEmail")).isEqualTo(TestFcm.CLIENT_EMAIL);
            assertThat(set.toString()).doesNotContain("PRIVATE KEY");

            String alice = ItEnv.uid("alice");
            String bob = ItEnv.uid("bob");
            String erin = ItEnv.uid("erin");
            String group = ItEnv.uid("g");
            ok(signed("POST", "/api/im/admin/users", "{\"users\":[{\"userId\":\"" + alice + "\",\"nickname\":\"Alice\"},"
                    + "{\"userId\":\"" + bob + "\"},{\"userId\":\"" + erin + "\"}]}"));
            ok(signed("POST", "/api/im/admin/groups", "{\"groupId\":\"" + group + "\",\"name\":\"Team\",\"ownerId\":\""
                    + alice + "\",\"memberIds\":[\"" + bob + "\"]}"));
            String bobJwt = imJwt(bob);
            String erinJwt = imJwt(erin);
            register(bobJwt, "phone", "android", bobPhone);
            register(erinJwt, "phone", "android", gonePhone);
            register(erinJwt, "browser", "web", notAToken);

            send(alice, bob, "SINGLE", "hello");
            send(alice, group, "GROUP", "hi team");
            TestFcm.Sent inGroup = fcm.await(s -> s.message().getJsonObject("notification").getString("body")
                    .equals("Alice: hi team"), WAIT);
            assertThat(inGroup.token()).isEqualTo(bobPhone);
            assertThat(inGroup.message().getJsonObject("notification").getString("title")).isEqualTo("Team");
            assertThat(inGroup.message().getJsonObject("data").getString("conversationId")).isEqualTo("g:" + group);
            assertThat(inGroup.message().getJsonObject("android").getJsonObject("notification")
                    .getInt("notification_count")).as("bob's unread: one single, one group message").isEqualTo(2);
            TestFcm.Sent single = fcm.await(s -> s.message().getJsonObject("notification").getString("body")
                    .equals("Alice: hello"), WAIT);
            assertThat(single.message().getJsonObject("notification").containsKey("title"))
                    .as("{groupName} is empty in a single chat: no title").isFalse();
            assertThat(fcm.tokenCalls()).as("the access token is reused").isEqualTo(1);

            send(alice, erin, "SINGLE", "to erin");
            Awaitility.await().atMost(WAIT).until(() -> Http.get("/api/im/devices", erinJwt).body()
                    .getJsonArray("data").isEmpty());
            assertThat(fcm.refused()).as("nothing refused for a wrong token, assertion or path").isEmpty();
        }
    }

    @Test
    void push_settings_are_checked_and_never_show_the_secrets() {
        String path = "/api/apps/" + app.appKey() + "/push";
        Admin.Reply none = Http.get(path, tenant.token());
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.body().getString("message")).isEqualTo("the app has no push settings");
        refused(path, "{\"apns\":{\"keyId\":\"K\",\"teamId\":\"T\",\"topic\":\"t\"}}",
                "apns.privateKey is required (the .p8 file)");
        refused(path, "{\"apns\":{\"keyId\":\"K\",\"teamId\":\"T\",\"topic\":\"t\",\"privateKey\":\"nope\"}}",
                "apns.privateKey must be a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)");
        refused(path, "{\"fcm\":{\"projectId\":\"p\",\"serviceAccount\":\"{}\"}}", "fcm.serviceAccount has no client_email");
        refused(path, "{\"fcm\":{\"projectId\":\"p\",\"serviceAccount\":\"[1]\"}}",
                "fcm.serviceAccount must be the service account's JSON key (a JSON object)");
        try (TestFcm fcm = new TestFcm(Set.of(), Set.of())) {
            refused(path, "{\"fcm\":{\"projectId\":\"p\",\"serviceAccount\":" + quote(fcm.serviceAccount())
                    + ",\"endpoint\":\"https://169.254.169.254\"}}",
                    "fcm.endpoint is refused: the host 169.254.169.254 resolves to a link-local address");
            JsonObject ok = ok(Http.put(path, "{\"fcm\":{\"projectId\":\"p\",\"serviceAccount\":"
                    + quote(fcm.serviceAccount()) + "},\"hideContent\":true}", tenant.token()));
            assertThat(ok.getBoolean("hideContent")).isTrue();
            assertThat(ok.getString("titleTemplate")).isEqualTo("{senderNickname}");
            assertThat(ok.getString("bodyTemplate")).isEqualTo("{content}");
            assertThat(ok.containsKey("apns")).isFalse();
            assertThat(ok.toString()).doesNotContain("PRIVATE KEY");
        }
        Console.Tenant other = Console.newTenant();
        assertThat(Http.get(path, other.token()).status()).as("another tenant's app").isEqualTo(404);

        // the server SDK: the key goes in, only its id comes back; a later set without it keeps it
        com.xuqinmin.im.sdk.ImServerClient sdk = com.xuqinmin.im.sdk.ImServerClient.builder()
                .baseUrl("http://localhost:" + ItEnv.port()).appKey(app.appKey()).appSecret(app.secret()).build();
        try (TestApns apns = new TestApns(Set.of(), Set.of())) {
            com.xuqinmin.im.sdk.PushSettings stored = sdk.push().set(com.xuqinmin.im.sdk.PushSettings.create()
                    .apns(apns.keyId(), TestApns.TEAM_ID, TestApns.TOPIC, apns.p8(), true)
                    .templates("{groupName}", "{senderNickname}: {content}"));
            assertThat(stored.apnsKeyId()).isEqualTo(apns.keyId());
            assertThat(stored.bodyTemplate()).isEqualTo("{senderNickname}: {content}");
            assertThat(sdk.push().set(com.xuqinmin.im.sdk.PushSettings.create()
                    .apns(apns.keyId(), TestApns.TEAM_ID, TestApns.TOPIC, null, true).hideContent(true)).hideContent())
                    .isTrue();
            assertThat(sdk.push().get().apnsTopic()).isEqualTo(TestApns.TOPIC);
        }
        ok(Http.delete(path, tenant.token()));
        assertThat(signed("GET", "/api/im/admin/push", null).status()).isEqualTo(404);
    }

    private void refused(String path, String json, String message) {
        Admin.Reply r = Http.put(path, json, tenant.token());
        assertThat(r.status()).as(r.body().toString()).isEqualTo(400);
        assertThat(r.body().getString("message")).isEqualTo(message);
    }

    private static String single(String a, String b) {
        return a.compareTo(b) <= 0 ? "s:" + a + ":" + b : "s:" + b + ":" + a;
    }

    private static String quote(String s) {
        return jakarta.json.Json.createValue(s).toString();
    }

    private static void register(String jwt, String deviceId, String platform, String token) {
        ok(Http.post("/api/im/devices", "{\"deviceId\":\"" + deviceId + "\",\"platform\":\"" + platform
                + "\",\"pushToken\":\"" + token + "\"}", jwt));
    }

    private String imJwt(String userId) {
        String sig = UserSig.mint(app.appKey(), app.secret(), userId, System.currentTimeMillis() / 1000, 3600);
        Admin.Reply r = Http.post("/api/im/auth/login", "{\"appKey\":\"" + app.appKey() + "\",\"userId\":\"" + userId
                + "\",\"userSig\":\"" + sig + "\"}", null);
        return ok(r).getString("token");
    }

    private void send(String from, String to, String chatType, String content) {
        ok(signed("POST", "/api/im/admin/messages/send", "{\"fromId\":\"" + from + "\",\"toId\":\"" + to
                + "\",\"chatType\":\"" + chatType + "\",\"msgType\":\"TEXT\",\"content\":\"" + content + "\"}"));
    }

    private Admin.Reply signed(String method, String path, String json) {
        return Admin.send(method, path, json, app.appKey(), app.secret(), System.currentTimeMillis(), Admin.nonce());
    }

    private static JsonObject ok(Admin.Reply r) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.body().get("data") instanceof JsonObject o ? o : jakarta.json.JsonValue.EMPTY_JSON_OBJECT;
    }
}
