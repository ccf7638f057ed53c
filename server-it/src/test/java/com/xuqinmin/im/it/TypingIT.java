package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code SEND /app/chat.typing} (protocol.md, "Typing"): a transient signal to the other side's
 * sessions subscribed to {@code /user/queue/typing}; never stored, rate-limited per session, dropped
 * without a word between a blocked pair, refused to a non-member of a group, and refused NOT_FRIENDS
 * to a non-friend when the app allows messages between friends only.
 */
class TypingIT {

    private static final String TYPING = "/user/queue/typing";
    private static final String ERRORS = "/user/queue/errors";
    private static final Duration QUIET = Duration.ofMillis(500);

    private static String body(String toId, String chatType) {
        return "{\"toId\":\"" + toId + "\",\"chatType\":\"" + chatType + "\"}";
    }

    private static void typing(StompClient s, String toId, String chatType, String receipt) {
        s.sendJson("/app/chat.typing", body(toId, chatType), receipt);
        s.awaitReceipt(receipt);
    }

    private static StompClient session(String user, String device, String... destinations) {
        StompClient s = StompClient.connect(ItEnv.userSig(user), device);
        int i = 0;
        for (String d : destinations) {
            s.subscribe("s" + i++, d);
        }
        return s;
    }

    @Test
    void typing_reaches_every_online_session_of_the_receiver_and_nothing_is_stored() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        Admin.importUsers(alice, bob, carol);
        try (StompClient sa = session(alice, "a", TYPING, "/user/queue/messages");
             StompClient phone = session(bob, "phone", TYPING);
             StompClient desk = session(bob, "desk", TYPING);
             StompClient sc = session(carol, "c", TYPING)) {
            typing(sa, bob, "SINGLE", "t1");
            for (StompClient s : List.of(phone, desk)) {
                JsonObject t = s.awaitMessage(TYPING);
                assertThat(t.getString("type")).isEqualTo("TYPING");
                assertThat(t.getString("fromId")).isEqualTo(alice);
                assertThat(t.getString("chatType")).isEqualTo("SINGLE");
                assertThat(t.getString("toId")).isEqualTo(bob);
                assertThat(t.getJsonNumber("at").longValue()).isPositive();
            }
            sa.expectNone(f -> f.command() == Command.MESSAGE, QUIET);
            sc.expectNone(f -> f.command() == Command.MESSAGE, QUIET);

            // never stored: nothing to sync, no conversation
            sa.sync(null, "sync");
            assertThat(sa.awaitReceipt("sync").header("im-sync-count")).isEqualTo("0");
            Admin.Reply list = ImClient.login(bob).get("/api/im/conversations");
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.data().getJsonArray("items")).isEmpty();
        }
    }

    @Test
    void typing_between_a_blocked_pair_is_dropped_silently_both_ways() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        Admin.Reply blocked = ImClient.login(bob).post("/api/im/blocks", "{\"userId\":\"" + alice + "\"}");
        assertThat(blocked.status()).isEqualTo(200);
        try (StompClient sa = session(alice, "a", TYPING, ERRORS);
             StompClient sb = session(bob, "b", TYPING, ERRORS)) {
            // the blocked user gets its RECEIPT like any other, and learns nothing
            typing(sa, bob, "SINGLE", "t1");
            typing(sb, alice, "SINGLE", "t2");
            sb.expectNone(f -> f.command() == Command.MESSAGE, QUIET);
            sa.expectNone(f -> f.command() == Command.MESSAGE, QUIET);
        }
    }

    @Test
    void with_messaging_friends_only_typing_to_a_non_friend_is_refused_and_to_a_friend_who_blocked_is_dropped() {
        Console.App app = Console.newApp("{\"messaging\":\"FRIENDS_ONLY\"}");
        ImClient a = Console.login(app, "alice");
        ImClient b = Console.login(app, "bob");
        try (StompClient sa = StompClient.connect(Console.userSig(app, "alice"));
             StompClient sb = StompClient.connect(Console.userSig(app, "bob"))) {
            sa.subscribe("e", ERRORS);
            sb.subscribe("t", TYPING);
            sa.sendJson("/app/chat.typing", body("bob", "SINGLE"), "t1");
            JsonObject refused = sa.awaitRejection();
            assertThat(refused.getInt("code")).isEqualTo(403);
            assertThat(refused.getString("error")).isEqualTo("NOT_FRIENDS");
            sa.expectNone(f -> f.command() == Command.RECEIPT && "t1".equals(f.header("receipt-id")), QUIET);
            sb.expectNone(f -> f.command() == Command.MESSAGE, QUIET);

            // friends: it goes
            String request = a.post("/api/im/friends/requests", "{\"toId\":\"bob\"}").data().getString("id");
            assertThat(b.post("/api/im/friends/requests/" + request + "/accept", null).status()).isEqualTo(200);
            typing(sa, "bob", "SINGLE", "t2");
            assertThat(sb.awaitMessage(TYPING).getString("fromId")).isEqualTo("alice");

            // a friend who blocked her: dropped without a word (a send would be refused BLOCKED)
            assertThat(b.post("/api/im/blocks", "{\"userId\":\"alice\"}").status()).isEqualTo(200);
            typing(sa, "bob", "SINGLE", "t3");
            sb.expectNone(f -> f.command() == Command.MESSAGE, QUIET);
            sa.expectNone(f -> f.command() == Command.MESSAGE && ERRORS.equals(f.header("destination")), QUIET);
            sa.sendJson("/app/chat.send", "{\"toId\":\"bob\",\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\","
                    + "\"content\":\"hi\",\"messageId\":\"m1\"}", "r-m1");
            assertThat(sa.awaitRejection().getString("error")).isEqualTo("BLOCKED");
        }
    }

    @Test
    void typing_is_rate_limited_per_session() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient sa = session(alice, "a", ERRORS);
             StompClient sb = session(bob, "b", TYPING)) {
            for (int i = 0; i < 15; i++) {
                sa.sendJson("/app/chat.typing", body(bob, "SINGLE"), "t" + i);
            }
            JsonObject refused = sa.awaitRejection();
            assertThat(refused.getString("error")).isEqualTo("RATE_LIMITED");
            // the session stays open and the first ones went through
            sb.awaitMessage(TYPING);
            sa.chat(bob, "SINGLE", "still here", ItEnv.uid("m"));
        }
    }

    @Test
    void group_typing_reaches_the_other_members_and_a_non_member_is_refused() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        String carol = ItEnv.uid("carol");
        String g = ItEnv.uid("g");
        Admin.importUsers(alice, bob, carol);
        Admin.createGroup(g, alice, bob);
        String topic = "/topic/group/" + g;
        try (StompClient sa = session(alice, "a", TYPING, topic);
             StompClient sb = session(bob, "b", TYPING, topic);
             StompClient sc = session(carol, "c", TYPING, ERRORS)) {
            typing(sa, g, "GROUP", "t1");
            JsonObject t = sb.awaitMessage(TYPING);
            assertThat(t.getString("fromId")).isEqualTo(alice);
            assertThat(t.getString("chatType")).isEqualTo("GROUP");
            assertThat(t.getString("toId")).isEqualTo(g);
            sa.expectNone(f -> f.command() == Command.MESSAGE, QUIET);

            sc.sendJson("/app/chat.typing", body(g, "GROUP"), "t2");
            JsonObject refused = sc.awaitRejection();
            assertThat(refused.getString("error")).isEqualTo("NOT_GROUP_MEMBER");
            sb.expectNone(f -> f.command() == Command.MESSAGE, QUIET);
        }
    }

    @Test
    void bad_typing_bodies_are_rejected_and_the_session_stays_open() {
        String alice = ItEnv.uid("alice");
        Admin.importUsers(alice);
        try (StompClient sa = session(alice, "a", ERRORS)) {
            sa.sendJson("/app/chat.typing", "{\"toId\":\"x\"}", "t1");
            assertThat(sa.awaitRejection().getString("error")).isEqualTo("VALIDATION_FAILED");
            sa.sendJson("/app/chat.typing", body("x", "CHANNEL"), "t2");
            assertThat(sa.awaitRejection().getString("error")).isEqualTo("VALIDATION_FAILED");
            sa.sendJson("/app/chat.typing", body(ItEnv.uid("nobody"), "SINGLE"), "t3");
            assertThat(sa.awaitRejection().getString("error")).isEqualTo("USER_NOT_FOUND");
            sa.sendJson("/app/chat.typing", body(ItEnv.uid("nogroup"), "GROUP"), "t4");
            assertThat(sa.awaitRejection().getString("error")).isEqualTo("GROUP_NOT_FOUND");
            Frame receipt = sa.send(Frame.builder(Command.SUBSCRIBE).header("id", "t").header("destination", TYPING)
                    .header("receipt", "still-open").build()).awaitReceipt("still-open");
            assertThat(receipt).isNotNull();
        }
    }
}
