package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.sdk.UserSig;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The social before-events and after-events: {@code beforeAddFriend} and {@code beforeJoinGroup}
 * let the tenant's back-end allow or refuse a user's friend request and a user's adding of group
 * members (REJECTED_BY_APP with its message and code; its failure policy when it does not answer),
 * the server API is never asked; {@code afterFriendAdded} and {@code afterFriendDeleted} tell it
 * of friendships made and ended.
 */
class SocialHooksIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private Console.Tenant tenant;
    private Console.App app;
    private TenantBackend backend;
    private String alice;
    private String bob;
    private String carol;

    @BeforeEach
    void newApp() {
        tenant = Console.newTenant();
        app = Console.newApp(tenant);
        backend = new TenantBackend(app.secret());
        alice = ItEnv.uid("alice");
        bob = ItEnv.uid("bob");
        carol = ItEnv.uid("carol");
        ok(signed("POST", "/api/im/admin/users", "{\"users\":[{\"userId\":\"" + alice + "\"},{\"userId\":\"" + bob
                + "\"},{\"userId\":\"" + carol + "\"}]}"));
    }

    @AfterEach
    void stopBackend() {
        backend.close();
    }

    @Test
    void before_add_friend_allows_rejects_and_applies_the_failure_policy() {
        hook("[\"beforeAddFriend\"]", "failOpen");
        String aliceJwt = imJwt(alice);
        backend.answering(d -> d.json().getString("toId").equals(bob)
                ? TenantBackend.Answer.ok("{\"action\":\"reject\",\"code\":\"MINORS\",\"message\":\"bob cannot be added\"}")
                : TenantBackend.Answer.ok("{\"action\":\"allow\"}"));

        Admin.Reply refused = Http.post("/api/im/friends/requests", "{\"toId\":\"" + bob + "\",\"message\":\"hi\"}",
                aliceJwt);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().getString("error")).isEqualTo("REJECTED_BY_APP");
        assertThat(refused.body().getString("message")).isEqualTo("bob cannot be added");
        assertThat(refused.body().getJsonObject("data").getString("appCode")).isEqualTo("MINORS");
        TenantBackend.Delivery asked = backend.received("beforeAddFriend").get(0);
        assertThat(asked.verified()).isTrue();
        assertThat(asked.json().getString("fromId")).isEqualTo(alice);
        assertThat(asked.json().getString("message")).isEqualTo("hi");
        assertThat(Http.get("/api/im/friends/requests?direction=out", aliceJwt).body().getJsonObject("data")
                .getJsonArray("items")).as("no request was made").isEmpty();

        JsonObject allowed = ok(Http.post("/api/im/friends/requests", "{\"toId\":\"" + carol + "\"}", aliceJwt));
        assertThat(allowed.getString("status")).isEqualTo("PENDING");

        // the back-end down: failOpen lets the request through, failClosed refuses it
        backend.answering(d -> new TenantBackend.Answer(503, "down", Duration.ZERO));
        ok(Http.post("/api/im/friends/requests", "{\"toId\":\"" + bob + "\"}", aliceJwt));
        hook("[\"beforeAddFriend\"]", "failClosed");
        Admin.Reply closed = Http.post("/api/im/friends/requests", "{\"toId\":\"" + bob + "\"}", imJwt(carol));
        assertThat(closed.status()).isEqualTo(503);
        assertThat(closed.body().getString("error")).isEqualTo("APP_CALLBACK_FAILED");
    }

    @Test
    void before_join_group_is_asked_when_a_user_adds_members_and_never_for_the_server_api() {
        hook("[\"beforeJoinGroup\"]", "failOpen");
        String aliceJwt = imJwt(alice);
        backend.answering(d -> d.json().getJsonArray("userIds").toString().contains(carol)
                ? TenantBackend.Answer.ok("{\"action\":\"reject\",\"message\":\"carol is not in this school\"}")
                : TenantBackend.Answer.ok(""));

        JsonObject group = ok(Http.post("/api/im/groups", "{\"name\":\"G\",\"memberIds\":[\"" + bob + "\"]}", aliceJwt));
        String groupId = group.getString("groupId");
        TenantBackend.Delivery created = backend.received("beforeJoinGroup").get(0);
        assertThat(created.json().getString("groupId")).isEqualTo(groupId);
        assertThat(created.json().getString("by")).isEqualTo(alice);
        assertThat(created.json().getJsonArray("userIds").getString(0)).isEqualTo(bob);

        Admin.Reply refused = Http.post("/api/im/groups/" + groupId + "/members", "{\"userIds\":[\"" + carol + "\"]}",
                aliceJwt);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().getString("error")).isEqualTo("REJECTED_BY_APP");
        assertThat(refused.body().getString("message")).isEqualTo("carol is not in this school");
        assertThat(ok(Http.get("/api/im/groups/" + groupId, aliceJwt)).getInt("memberCount")).isEqualTo(2);

        Admin.Reply refusedCreate = Http.post("/api/im/groups", "{\"name\":\"H\",\"memberIds\":[\"" + carol + "\"]}",
                aliceJwt);
        assertThat(refusedCreate.body().getString("error")).isEqualTo("REJECTED_BY_APP");

        int asked = backend.received("beforeJoinGroup").size();
        ok(signed("POST", "/api/im/admin/groups/" + groupId + "/members", "{\"userIds\":[\"" + carol + "\"]}"));
        assertThat(backend.received("beforeJoinGroup")).as("the app's own back-end is not asked").hasSize(asked);
    }

    @Test
    void friendships_made_and_ended_are_after_events() {
        hook("[\"afterFriendAdded\",\"afterFriendDeleted\"]", "failOpen");
        backend.answering(d -> TenantBackend.Answer.ok(""));
        String bobJwt = imJwt(bob);
        String requestId = ok(Http.post("/api/im/friends/requests", "{\"toId\":\"" + bob + "\"}", imJwt(alice)))
                .getString("id");
        ok(Http.post("/api/im/friends/requests/" + requestId + "/accept", null, bobJwt));
        TenantBackend.Delivery added = backend.await(d -> "afterFriendAdded".equals(d.event()), WAIT);
        assertThat(added.verified()).isTrue();
        assertThat(List.of(added.json().getString("userId"), added.json().getString("friendId")))
                .containsExactlyInAnyOrder(alice, bob);
        assertThat(added.json().getString("requestId")).isEqualTo(requestId);

        ok(Http.delete("/api/im/friends/" + alice, bobJwt));
        TenantBackend.Delivery deleted = backend.await(d -> "afterFriendDeleted".equals(d.event()), WAIT);
        assertThat(deleted.json().getString("userId")).isEqualTo(bob);
        assertThat(deleted.json().getString("friendId")).isEqualTo(alice);

        // a block is the blocker's own business: no event
        ok(Http.post("/api/im/blocks", "{\"userId\":\"" + carol + "\"}", bobJwt));
        Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> backend.received().size() == 2);
    }

    private void hook(String events, String policy) {
        ok(signed("PUT", "/api/im/admin/webhook", "{\"url\":\"" + backend.url() + "\",\"events\":" + events
                + ",\"failurePolicy\":\"" + policy + "\"}"));
    }

    private String imJwt(String userId) {
        String sig = UserSig.mint(app.appKey(), app.secret(), userId, System.currentTimeMillis() / 1000, 3600);
        Admin.Reply r = Http.post("/api/im/auth/login", "{\"appKey\":\"" + app.appKey() + "\",\"userId\":\"" + userId
                + "\",\"userSig\":\"" + sig + "\"}", null);
        return ok(r).getString("token");
    }

    private Admin.Reply signed(String method, String path, String json) {
        return Admin.send(method, path, json, app.appKey(), app.secret(), System.currentTimeMillis(), Admin.nonce());
    }

    private static JsonObject ok(Admin.Reply r) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.body().get("data") instanceof JsonObject o ? o : jakarta.json.JsonValue.EMPTY_JSON_OBJECT;
    }
}
