package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.sdk.UserSig;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Offline push for tenants with their own push service: devices registered by the client
 * ({@code /api/im/devices}) and the {@code offlinePush} webhook event for each recipient of a
 * stored message who has no session, with its devices; never for an online recipient or the sender.
 */
class OfflinePushIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private Console.Tenant tenant;
    private Console.App app;
    private TenantBackend backend;

    @BeforeEach
    void newApp() {
        tenant = Console.newTenant();
        app = Console.newApp(tenant);
        backend = new TenantBackend(app.secret());
        backend.answering(d -> TenantBackend.Answer.ok(""));
    }

    @AfterEach
    void stopBackend() {
        backend.close();
    }

    @Test
    void an_offline_recipient_gets_an_offline_push_event_with_its_devices_an_online_one_none() {
        ok(signed("PUT", "/api/im/admin/webhook", "{\"url\":\"" + backend.url() + "\",\"events\":[\"offlinePush\"]}"));
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        String group = ItEnv.uid("g");
        ok(signed("POST", "/api/im/admin/users", "{\"users\":[{\"userId\":\"" + alice + "\"},{\"userId\":\"" + bob
                + "\"},{\"userId\":\"" + carol + "\"}]}"));
        ok(signed("POST", "/api/im/admin/groups", "{\"groupId\":\"" + group + "\",\"name\":\"G\",\"ownerId\":\""
                + alice + "\",\"memberIds\":[\"" + bob + "\",\"" + carol + "\"]}"));

        String bobJwt = imJwt(bob);
        Admin.Reply bad = Http.post("/api/im/devices", "{\"deviceId\":\"phone\",\"platform\":\"symbian\","
                + "\"pushToken\":\"t\"}", bobJwt);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().getString("message")).isEqualTo("platform must be ios, android or web");
        JsonObject device = ok(Http.post("/api/im/devices", "{\"deviceId\":\"phone\",\"platform\":\"ios\","
                + "\"pushToken\":\"apns-token-1\"}", bobJwt));
        assertThat(device.getString("platform")).isEqualTo("ios");
        assertThat(Http.get("/api/im/devices", bobJwt).body().getJsonArray("data")).hasSize(1);

        try (StompClient c = StompClient.connect(UserSig.mint(app.appKey(), app.secret(), carol,
                System.currentTimeMillis() / 1000, 3600))) {
            send(alice, bob, "SINGLE", "to offline bob");
            TenantBackend.Delivery push = backend.await(x -> "offlinePush".equals(x.event()), WAIT);
            assertThat(push.verified()).isTrue();
            JsonObject body = push.json();
            assertThat(body.getString("userId")).isEqualTo(bob);
            assertThat(body.getJsonArray("devices").getJsonObject(0).getString("pushToken")).isEqualTo("apns-token-1");
            assertThat(body.getJsonArray("devices").getJsonObject(0).getString("deviceId")).isEqualTo("phone");
            assertThat(body.getJsonObject("message").getString("content")).isEqualTo("to offline bob");

            send(alice, carol, "SINGLE", "to online carol");
            send(alice, group, "GROUP", "to the group");
            backend.await(x -> "offlinePush".equals(x.event())
                    && x.json().getJsonObject("message").getString("content").equals("to the group"), WAIT);
            org.awaitility.Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> backend.received("offlinePush").size() == 2);
            List<String> pushed = backend.received("offlinePush").stream()
                    .map(x -> x.json().getString("userId") + ":" + x.json().getJsonObject("message").getString("content"))
                    .toList();
            assertThat(pushed).as("carol is online, alice sent them").containsExactly(bob + ":to offline bob",
                    bob + ":to the group");
        }

        // logged out: the device is gone, and the next event has none
        ok(Http.delete("/api/im/devices/phone", bobJwt));
        assertThat(Http.delete("/api/im/devices/phone", bobJwt).status()).isEqualTo(404);
        send(alice, bob, "SINGLE", "again");
        TenantBackend.Delivery again = backend.await(x -> "offlinePush".equals(x.event())
                && x.json().getJsonObject("message").getString("content").equals("again"), WAIT);
        assertThat(again.json().getJsonArray("devices")).isEmpty();
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
