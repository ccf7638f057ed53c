package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What the HTTP APIs change is seen at once by connected WebSocket clients: messages and revokes
 * sent over HTTP arrive over STOMP, kicked, banned and deleted users' sockets close with
 * {@code ERROR message:Kicked}, group subscriptions end when a member leaves or the group is
 * dismissed, and cached user state (mutes) changes without waiting for a cache to expire.
 */
class HttpToStompIT {

    private static final String QUEUE = "/user/queue/messages";
    private static final Duration QUIET = Duration.ofMillis(800);

    private static String topic(String groupId) {
        return "/topic/group/" + groupId;
    }

    private static boolean isMessage(Frame f) {
        return f.command() == Command.MESSAGE && !"/user/queue/errors".equals(f.header("destination"));
    }

    private static JsonObject ok(Admin.Reply r) {
        assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
        return r.data();
    }

    private static String adminSend(String fromId, String toId, String chatType, String content, String messageId) {
        return "{\"fromId\":\"" + fromId + "\",\"toId\":\"" + toId + "\",\"chatType\":\"" + chatType
                + "\",\"msgType\":\"TEXT\",\"content\":\"" + content + "\",\"messageId\":\"" + messageId + "\"}";
    }

    // ------------------------------------------------------------------ messages

    @Test
    void a_message_sent_over_http_reaches_the_recipient_and_every_session_of_the_sender() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient aliceSocket = StompClient.connect(ItEnv.userSig(alice));
             StompClient bobSocket = StompClient.connect(ItEnv.userSig(bob))) {
            aliceSocket.subscribe("q", QUEUE);
            bobSocket.subscribe("q", QUEUE);

            JsonObject sent = ok(ImClient.login(alice).post("/api/im/messages/send", ImClient.text(bob, "via HTTP", "h-1")));

            JsonObject atBob = bobSocket.awaitMessage(QUEUE);
            assertThat(atBob.getString("id")).isEqualTo(sent.getString("id"));
            assertThat(atBob.getString("content")).isEqualTo("via HTTP");
            assertThat(atBob.getString("fromId")).isEqualTo(alice);
            assertThat(atBob.getJsonNumber("seq").longValue()).isEqualTo(1);
            // the HTTP call is no session of alice's: all of her sessions get the copy
            assertThat(aliceSocket.awaitMessage(QUEUE).getString("id")).isEqualTo(sent.getString("id"));
            bobSocket.expectNone(HttpToStompIT::isMessage, QUIET);
        }
    }

    @Test
    void a_group_message_sent_over_http_reaches_the_topic() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, bob);
        Admin.createGroup(group, alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            a.subscribe("g", topic(group));
            b.subscribe("g", topic(group));

            JsonObject sent = ok(ImClient.login(alice).post("/api/im/messages/send",
                    ImClient.groupText(group, "to the group", "h-1")));

            for (StompClient s : new StompClient[] {a, b}) {
                JsonObject m = s.awaitMessage(topic(group));
                assertThat(m.getString("id")).isEqualTo(sent.getString("id"));
                assertThat(m.getString("conversationId")).isEqualTo("g:" + group);
            }
        }
    }

    @Test
    void a_revoke_over_http_sends_the_revoked_copy_to_both_sides() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            a.subscribe("q", QUEUE);
            b.subscribe("q", QUEUE);
            Frame receipt = a.chat(bob, "SINGLE", "take this back", "m-1");
            b.awaitMessage(QUEUE);

            ok(ImClient.login(alice).post("/api/im/messages/revoke", "{\"messageId\":\"m-1\"}"));

            for (StompClient s : new StompClient[] {a, b}) {
                JsonObject m = s.awaitMessage(QUEUE, j -> "REVOKED".equals(j.getString("status")));
                assertThat(m.getString("id")).isEqualTo(receipt.header("im-message-id"));
                assertThat(m.getString("content")).isEmpty();
            }
        }
    }

    @Test
    void server_api_sends_as_a_user_as_the_system_account_and_in_batches_arrive_over_stomp() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        Admin.importUsers(alice, bob, carol);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice));
             StompClient b = StompClient.connect(ItEnv.userSig(bob));
             StompClient c = StompClient.connect(ItEnv.userSig(carol))) {
            a.subscribe("q", QUEUE);
            b.subscribe("q", QUEUE);
            c.subscribe("q", QUEUE);

            ok(Admin.post("/api/im/admin/messages/send", adminSend(alice, bob, "SINGLE", "on alice's behalf", "s-1")));
            assertThat(b.awaitMessage(QUEUE).getString("content")).isEqualTo("on alice's behalf");
            assertThat(a.awaitMessage(QUEUE).getString("content")).isEqualTo("on alice's behalf");

            ok(Admin.post("/api/im/admin/messages/send", adminSend("system", carol, "SINGLE", "Welcome", ItEnv.uid("w"))));
            JsonObject welcome = c.awaitMessage(QUEUE);
            assertThat(welcome.getString("fromId")).isEqualTo("system");
            assertThat(welcome.getString("content")).isEqualTo("Welcome");

            ok(Admin.post("/api/im/admin/messages/batch-send", "{\"fromId\":\"system\",\"toIds\":[\"" + bob + "\",\""
                    + carol + "\"],\"msgType\":\"TEXT\",\"content\":\"Maintenance tonight\"}"));
            assertThat(b.awaitMessage(QUEUE, j -> j.getString("content").startsWith("Maintenance")).getString("fromId"))
                    .isEqualTo("system");
            assertThat(c.awaitMessage(QUEUE, j -> j.getString("content").startsWith("Maintenance")).getString("toId"))
                    .isEqualTo(carol);
            a.expectNone(f -> isMessage(f) && StompClient.json(f).getString("content").startsWith("Maintenance"), QUIET);
        }
    }

    @Test
    void a_server_api_revoke_reaches_the_group_topic() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String group = ItEnv.uid("g");
        Admin.importUsers(alice, bob);
        Admin.createGroup(group, alice, bob);
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            b.subscribe("g", topic(group));
            JsonObject sent = ok(Admin.post("/api/im/admin/messages/send", adminSend(alice, group, "GROUP", "oops", "s-1")));
            b.awaitMessage(topic(group));

            ok(Admin.post("/api/im/admin/messages/" + sent.getString("id") + "/revoke", "{}"));

            JsonObject revoked = b.awaitMessage(topic(group), j -> "REVOKED".equals(j.getString("status")));
            assertThat(revoked.getString("id")).isEqualTo(sent.getString("id"));
        }
    }

    @Test
    void a_read_over_http_tells_the_other_side() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.subscribe("q", QUEUE);
            Frame receipt = a.chat(bob, "SINGLE", "did you see this?", "m-1");
            String cid = receipt.header("im-conversation-id");

            ok(ImClient.login(bob).post("/api/im/messages/read", "{\"conversationId\":\"" + cid + "\",\"seq\":1}"));

            JsonObject notice = a.awaitMessage(QUEUE, j -> "READ".equals(j.getString("type", null)));
            assertThat(notice.getString("conversationId")).isEqualTo(cid);
            assertThat(notice.getString("userId")).isEqualTo(bob);
            assertThat(notice.getJsonNumber("seq").longValue()).isEqualTo(1);
        }
    }

    // ------------------------------------------------------------------ users

    @Test
    void kick_closes_every_socket_of_the_user_with_kicked_and_the_user_may_come_back() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient phone = StompClient.connect(ItEnv.userSig(alice), "phone");
             StompClient laptop = StompClient.connect(ItEnv.userSig(alice), "laptop");
             StompClient other = StompClient.connect(ItEnv.userSig(bob))) {

            ok(Admin.post("/api/im/admin/users/" + alice + "/kick", "{}"));

            for (StompClient s : new StompClient[] {phone, laptop}) {
                assertThat(s.awaitError().header("message")).isEqualTo("Kicked");
                s.awaitClose();
            }
            assertThat(other.isClosed()).isFalse();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(
                    () -> !ok(Admin.get("/api/im/admin/users/" + alice + "/online")).getBoolean("online"));
            // a kick is not a ban: the same userSig connects again
            try (StompClient again = StompClient.connect(ItEnv.userSig(alice))) {
                assertThat(again.isClosed()).isFalse();
            }
        }
    }

    @Test
    void deleting_a_user_closes_its_sockets_at_once_and_it_cannot_reconnect() {
        String alice = ItEnv.uid("alice");
        Admin.importUsers(alice);
        try (StompClient s = StompClient.connect(ItEnv.userSig(alice))) {

            ok(Admin.delete("/api/im/admin/users/" + alice));

            assertThat(s.awaitError().header("message")).isEqualTo("Kicked");
            s.awaitClose();
        }
        try (StompClient again = StompClient.open(null)) {
            again.sendText("CONNECT\naccept-version:1.2\nheart-beat:0,0\nhost:localhost\nAuthorization:Bearer "
                    + ItEnv.userSig(alice) + "\n\n\0");
            Frame f = again.next();
            assertThat(f.command()).isEqualTo(Command.ERROR);
            assertThat(f.header("message")).isEqualTo("Unauthorized");
        }
    }

    @Test
    void banning_a_user_closes_its_sockets_and_unbanning_lets_it_back() {
        String alice = ItEnv.uid("alice");
        Admin.importUsers(alice);
        try (StompClient s = StompClient.connect(ItEnv.userSig(alice))) {

            JsonObject banned = ok(Admin.put("/api/im/admin/users/" + alice, "{\"status\":\"BANNED\"}"));

            assertThat(banned.getString("status")).isEqualTo("BANNED");
            assertThat(s.awaitError().header("message")).isEqualTo("Kicked");
            s.awaitClose();
        }
        try (StompClient again = StompClient.open(null)) {
            again.sendText("CONNECT\naccept-version:1.2\nheart-beat:0,0\nhost:localhost\nAuthorization:Bearer "
                    + ItEnv.userSig(alice) + "\n\n\0");
            assertThat(again.next().header("message")).isEqualTo("Unauthorized");
        }
        ok(Admin.put("/api/im/admin/users/" + alice, "{\"status\":\"ACTIVE\"}"));
        try (StompClient back = StompClient.connect(ItEnv.userSig(alice))) {
            assertThat(back.isClosed()).isFalse();
        }
    }

    @Test
    void a_mute_applies_to_the_very_next_stomp_send_and_so_does_the_unmute() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.subscribe("err", "/user/queue/errors");
            a.chat(bob, "SINGLE", "before", "m-1"); // the server now has alice's state cached

            ok(Admin.post("/api/im/admin/users/" + alice + "/mute", "{\"seconds\":600}"));
            a.chatNoWait(bob, "SINGLE", "during", "m-2");
            JsonObject rejection = a.awaitRejection();
            assertThat(rejection.getString("error")).isEqualTo("USER_MUTED");
            assertThat(rejection.getString("messageId")).isEqualTo("m-2");

            ok(Admin.post("/api/im/admin/users/" + alice + "/mute", "{\"seconds\":0}"));
            assertThat(a.chat(bob, "SINGLE", "after", "m-3").header("im-seq")).isEqualTo("2");
        }
    }

    // ------------------------------------------------------------------ groups

    @Test
    void a_member_removed_over_the_client_api_stops_receiving_the_group() {
        String owner = ItEnv.uid("owner");
        String bob = ItEnv.uid("bob");
        String group = ItEnv.uid("g");
        Admin.importUsers(owner, bob);
        Admin.createGroup(group, owner, bob);
        try (StompClient o = StompClient.connect(ItEnv.userSig(owner));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            o.subscribe("g", topic(group));
            b.subscribe("g", topic(group));

            ok(ImClient.login(owner).delete("/api/im/groups/" + group + "/members/" + bob));

            o.chat(group, "GROUP", "bob is out", "m-1");
            o.awaitMessage(topic(group));
            b.expectNone(HttpToStompIT::isMessage, QUIET);
            assertThat(b.isClosed()).isFalse();
        }
    }

    @Test
    void a_member_who_quits_stops_receiving_the_group() {
        String owner = ItEnv.uid("owner");
        String bob = ItEnv.uid("bob");
        String group = ItEnv.uid("g");
        Admin.importUsers(owner, bob);
        Admin.createGroup(group, owner, bob);
        try (StompClient o = StompClient.connect(ItEnv.userSig(owner));
             StompClient b1 = StompClient.connect(ItEnv.userSig(bob), "phone");
             StompClient b2 = StompClient.connect(ItEnv.userSig(bob), "laptop")) {
            o.subscribe("g", topic(group));
            b1.subscribe("g", topic(group));
            b2.subscribe("g", topic(group));

            ok(ImClient.login(bob).post("/api/im/groups/" + group + "/quit", null));

            o.chat(group, "GROUP", "bye bob", "m-1");
            o.awaitMessage(topic(group));
            b1.expectNone(HttpToStompIT::isMessage, QUIET);
            b2.expectNone(HttpToStompIT::isMessage, Duration.ofMillis(200));
        }
    }

    @Test
    void dismissing_a_group_ends_every_subscription_to_it() {
        String owner = ItEnv.uid("owner");
        String bob = ItEnv.uid("bob");
        String group = ItEnv.uid("g");
        Admin.importUsers(owner, bob);
        Admin.createGroup(group, owner, bob);
        try (StompClient o = StompClient.connect(ItEnv.userSig(owner));
             StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            o.subscribe("g", topic(group));
            b.subscribe("g", topic(group));
            b.subscribe("err", "/user/queue/errors");
            Frame receipt = o.chat(group, "GROUP", "last message", "m-1");
            o.awaitMessage(topic(group));
            b.awaitMessage(topic(group));

            ok(ImClient.login(owner).post("/api/im/groups/" + group + "/dismiss", null));

            // nothing can be sent to a dismissed group; a revoke of its old message still goes to
            // the topic, and shows that nobody is subscribed any more
            ok(Admin.post("/api/im/admin/messages/" + receipt.header("im-message-id") + "/revoke", "{}"));
            o.expectNone(HttpToStompIT::isMessage, QUIET);
            b.expectNone(HttpToStompIT::isMessage, Duration.ofMillis(200));
            // and the topic cannot be subscribed to again
            b.send(Frame.builder(Command.SUBSCRIBE).header("id", "g2").header("destination", topic(group))
                    .header("receipt", "sub-g2").build());
            assertThat(b.awaitRejection().getString("error")).isEqualTo("NOT_GROUP_MEMBER");
        }
    }

    @Test
    void a_member_muted_in_a_group_over_the_server_api_is_refused_on_the_next_stomp_send() {
        String owner = ItEnv.uid("owner");
        String bob = ItEnv.uid("bob");
        String group = ItEnv.uid("g");
        Admin.importUsers(owner, bob);
        Admin.createGroup(group, owner, bob);
        try (StompClient b = StompClient.connect(ItEnv.userSig(bob))) {
            b.subscribe("err", "/user/queue/errors");
            b.chat(group, "GROUP", "before", "m-1");

            ok(Admin.post("/api/im/admin/groups/" + group + "/mute", "{\"mutedAll\":true}"));

            b.chatNoWait(group, "GROUP", "during", "m-2");
            assertThat(b.awaitRejection().getString("error")).isEqualTo("USER_MUTED");
        }
    }
}
