package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Opening a session (PROTOCOL.md §1, §2 and the seed page): where the token may come from, what a
 * bad token gets, the CONNECT/CONNECTED exchange exactly as the seed page shows it, version and
 * sub-protocol negotiation, and the state machine around CONNECT.
 */
class ConnectIT {

    /** The seed's answer to a bad or missing token, byte for byte (PROTOCOL.md §1). */
    static final String SEED_UNAUTHORIZED = "ERROR\nmessage:Unauthorized\ncode:401\nerror:TOKEN_INVALID\n"
            + "content-type:text/plain\ncontent-length:12\n\nUnauthorized\0";

    /** The seed page's CONNECT frame, with the token filled in. */
    static String seedConnect(String token) {
        return "CONNECT\naccept-version:1.2\nheart-beat:0,0\nhost:dev.xuqinmin.com\nAuthorization:Bearer " + token
                + "\n\n\0";
    }

    /** The seed's CONNECT without the Authorization header. */
    static final String CONNECT_WITHOUT_TOKEN = "CONNECT\naccept-version:1.2\nheart-beat:0,0\nhost:dev.xuqinmin.com\n\n\0";

    private static String importedUser(String prefix) {
        String u = ItEnv.uid(prefix);
        Admin.importUsers(u);
        return u;
    }

    private static void assertConnectedAs(Frame f, String userId) {
        assertThat(f.command()).as("%s %s", f, f.bodyText()).isEqualTo(Command.CONNECTED);
        assertThat(f.header("user-name")).isEqualTo(userId);
    }

    /** The socket got exactly the seed's ERROR frame and nothing else, then closed. */
    private static void assertSeedUnauthorizedThenClosed(StompClient c) {
        c.awaitError();
        c.awaitClose();
        assertThat(c.raw()).containsExactly(SEED_UNAUTHORIZED);
    }

    // ------------------------------------------------------------------ where the token comes from

    @Test
    void token_in_the_authorization_header_connects() {
        String user = importedUser("hdr");
        try (StompClient c = StompClient.open(null)) {
            c.sendText(seedConnect(ItEnv.userSig(user)));
            assertConnectedAs(c.next(), user);
        }
    }

    @Test
    void token_in_the_query_only_connects_without_an_authorization_header() {
        String user = importedUser("qry");
        try (StompClient c = StompClient.open(ItEnv.userSig(user))) {
            c.sendText(CONNECT_WITHOUT_TOKEN);
            assertConnectedAs(c.next(), user);
        }
    }

    @Test
    void a_usersig_issued_by_the_server_api_connects() {
        String user = importedUser("issued");
        Admin.Reply r = Admin.post("/api/im/admin/users/" + user + "/usersig", "{\"ttlSeconds\":600}");
        assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
        try (StompClient c = StompClient.open(r.data().getString("userSig"))) {
            c.sendText(CONNECT_WITHOUT_TOKEN);
            assertConnectedAs(c.next(), user);
        }
    }

    @Test
    void tokens_in_query_and_header_for_the_same_user_connect() {
        String user = importedUser("both");
        try (StompClient c = StompClient.open(ItEnv.userSig(user))) {
            // a second, different userSig of the same user: agreement is about the user, not the string
            c.sendText(seedConnect(Tokens.valid(user)));
            assertConnectedAs(c.next(), user);
        }
    }

    @Test
    void tokens_in_query_and_header_naming_different_users_get_error_and_close() {
        String alice = importedUser("alice");
        String bob = importedUser("bob");
        try (StompClient c = StompClient.open(ItEnv.userSig(alice))) {
            c.sendText(seedConnect(ItEnv.userSig(bob)));
            Frame f = c.next();
            assertThat(f.command()).isEqualTo(Command.ERROR);
            assertThat(f.header("code")).isEqualTo("401");
            c.awaitClose();
        }
    }

    @Test
    void a_forged_header_token_is_refused_even_when_the_query_token_is_valid() {
        String user = importedUser("halfbad");
        try (StompClient c = StompClient.open(ItEnv.userSig(user))) {
            c.sendText(seedConnect(Tokens.forged(user)));
            assertSeedUnauthorizedThenClosed(c);
        }
    }

    @Test
    void no_token_in_handshake_nor_connect_gets_exactly_the_seed_error_then_close() {
        try (StompClient c = StompClient.open(null)) {
            c.sendText(CONNECT_WITHOUT_TOKEN);
            assertSeedUnauthorizedThenClosed(c);
        }
    }

    // ------------------------------------------------------------------ bad tokens

    static Stream<Arguments> badTokens() {
        return Stream.of(
                Arguments.of("forged signature", (Function<String, String>) Tokens::forged),
                Arguments.of("expired userSig", (Function<String, String>) Tokens::expired),
                Arguments.of("userSig of an unknown app", (Function<String, String>) Tokens::unknownApp),
                Arguments.of("alg none", (Function<String, String>) Tokens::algNone),
                Arguments.of("HS512", (Function<String, String>) Tokens::hs512),
                Arguments.of("lifetime above the maximum", (Function<String, String>) Tokens::tooLongLived),
                Arguments.of("not a JWT", (Function<String, String>) u -> "not-a-jwt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void bad_token_in_connect_gets_exactly_the_seed_error_then_close(String what, Function<String, String> token) {
        String user = importedUser("bad");
        try (StompClient c = StompClient.open(null)) {
            c.sendText(seedConnect(token.apply(user)));
            assertSeedUnauthorizedThenClosed(c);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void bad_token_in_the_query_refuses_the_handshake_with_401(String what, Function<String, String> token) {
        String user = importedUser("badq");
        assertThatThrownBy(() -> StompClient.open(token.apply(user)).close())
                .isInstanceOfSatisfying(StompClient.HandshakeRefused.class, e -> assertThat(e.status).isEqualTo(401));
    }

    // ------------------------------------------------------------------ CONNECT / CONNECTED

    @Test
    void the_seed_connect_frame_gets_connected_with_version_heartbeat_server_session_and_user_name() {
        String user = importedUser("seed");
        try (StompClient c = StompClient.open(ItEnv.userSig(user))) {
            c.sendText(seedConnect(ItEnv.userSig(user)));
            Frame f = c.next();
            assertConnectedAs(f, user);
            assertThat(f.header("version")).isEqualTo("1.2");
            assertThat(f.header("heart-beat")).matches("\\d+,\\d+");
            assertThat(f.header("server")).startsWith("xuqm-im/").hasSizeGreaterThan("xuqm-im/".length());
            assertThat(f.header("session")).isNotBlank();
        }
    }

    @Test
    void each_session_gets_its_own_session_id() {
        String user = importedUser("sess");
        try (StompClient a = StompClient.open(null); StompClient b = StompClient.open(null)) {
            a.sendText(seedConnect(ItEnv.userSig(user)));
            b.sendText(seedConnect(ItEnv.userSig(user)));
            assertThat(a.next().header("session")).isNotEqualTo(b.next().header("session"));
        }
    }

    @Test
    void the_stomp_command_works_like_connect() {
        String user = importedUser("stompcmd");
        try (StompClient c = StompClient.open(null)) {
            c.sendText("STOMP\naccept-version:1.2\nhost:dev.xuqinmin.com\nAuthorization:Bearer " + ItEnv.userSig(user)
                    + "\n\n\0");
            Frame f = c.next();
            assertConnectedAs(f, user);
            assertThat(f.header("version")).isEqualTo("1.2");
        }
    }

    @Test
    void the_connect_frame_of_stompjs_gets_version_1_2() {
        String user = importedUser("stompjs");
        try (StompClient c = StompClient.open(ItEnv.ws(null), "v12.stomp", "v11.stomp", "v10.stomp")) {
            c.sendText("CONNECT\nAuthorization:Bearer " + ItEnv.userSig(user)
                    + "\naccept-version:1.2,1.1,1.0\nheart-beat:10000,10000\n\n\0");
            Frame f = c.next();
            assertConnectedAs(f, user);
            assertThat(f.header("version")).isEqualTo("1.2");
        }
    }

    @Test
    void a_client_accepting_only_1_1_gets_version_1_1() {
        String user = importedUser("v11");
        try (StompClient c = StompClient.open(null)) {
            c.sendText("CONNECT\naccept-version:1.1\nhost:dev.xuqinmin.com\nAuthorization:Bearer "
                    + ItEnv.userSig(user) + "\n\n\0");
            Frame f = c.next();
            assertConnectedAs(f, user);
            assertThat(f.header("version")).isEqualTo("1.1");
        }
    }

    @Test
    void connect_without_accept_version_gets_error_and_close() {
        String user = importedUser("nover");
        try (StompClient c = StompClient.open(null)) {
            c.sendText("CONNECT\nheart-beat:0,0\nhost:dev.xuqinmin.com\nAuthorization:Bearer " + ItEnv.userSig(user)
                    + "\n\n\0");
            Frame f = c.next();
            assertThat(f.command()).isEqualTo(Command.ERROR);
            assertThat(f.header("message")).isNotBlank();
            assertSupportedVersionsListed(f);
            c.awaitClose();
            assertThat(c.raw()).noneMatch(m -> m.startsWith("CONNECTED"));
        }
    }

    @Test
    void a_client_accepting_only_1_0_gets_error_naming_the_supported_versions_and_close() {
        String user = importedUser("v10");
        try (StompClient c = StompClient.open(null)) {
            c.sendText("CONNECT\naccept-version:1.0\nhost:dev.xuqinmin.com\nAuthorization:Bearer " + ItEnv.userSig(user)
                    + "\n\n\0");
            Frame f = c.next();
            assertThat(f.command()).isEqualTo(Command.ERROR);
            assertSupportedVersionsListed(f);
            c.awaitClose();
        }
    }

    /** STOMP 1.2 "Protocol Negotiation": the ERROR names the versions the server speaks in a version header. */
    private static void assertSupportedVersionsListed(Frame error) {
        assertThat(error.header("version")).isNotNull();
        assertThat(error.header("version").split(",")).containsExactlyInAnyOrder("1.1", "1.2");
    }

    @Test
    void a_send_before_connect_gets_error_and_close() {
        String user = importedUser("early");
        try (StompClient c = StompClient.open(ItEnv.userSig(user))) {
            c.sendText("SEND\ndestination:/app/chat.send\ncontent-type:application/json\nreceipt:r1\n\n"
                    + "{\"appKey\":\"ak_demo_chat\",\"toId\":\"" + user + "\",\"chatType\":\"SINGLE\","
                    + "\"msgType\":\"TEXT\",\"content\":\"too early\"}\0");
            Frame f = c.next();
            assertThat(f.command()).isEqualTo(Command.ERROR);
            assertThat(f.header("code")).isNotBlank();
            assertThat(f.header("error")).isNotBlank();
            c.awaitClose();
            assertThat(c.raw()).noneMatch(m -> m.startsWith("RECEIPT"));
        }
    }

    @Test
    void a_subscribe_before_connect_gets_error_and_close() {
        String user = importedUser("earlysub");
        try (StompClient c = StompClient.open(ItEnv.userSig(user))) {
            c.sendText("SUBSCRIBE\nid:sub-1\ndestination:/user/queue/messages\nreceipt:r1\n\n\0");
            assertThat(c.next().command()).isEqualTo(Command.ERROR);
            c.awaitClose();
        }
    }

    @Test
    void a_second_connect_gets_error_and_close() {
        String user = importedUser("twice");
        try (StompClient c = StompClient.open(null)) {
            c.sendText(seedConnect(ItEnv.userSig(user)));
            assertConnectedAs(c.next(), user);
            c.sendText(seedConnect(ItEnv.userSig(user)));
            assertThat(c.next().command()).isEqualTo(Command.ERROR);
            c.awaitClose();
        }
    }

    // ------------------------------------------------------------------ what a connection leaves behind

    /**
     * Closed connections leave no HTTP session behind. Open Liberty opens one for every WebSocket
     * handshake; nothing of the protocol lives in it, so the server ends it at once, where it used to
     * stay in memory for 30 minutes after its connection had closed. Read from the session count
     * Liberty publishes on /metrics; skipped on a server that publishes none.
     */
    @Test
    void closed_connections_leave_no_http_sessions_behind() {
        OptionalDouble before = liveHttpSessions();
        Assumptions.assumeTrue(before.isPresent(), "this server publishes no HTTP session count");
        String user = importedUser("hs");
        for (int i = 0; i < 3; i++) {
            try (StompClient c = StompClient.connect(ItEnv.userSig(user), "hs" + i)) {
                assertThat(c.isClosed()).isFalse();
            }
        }
        assertThat(liveHttpSessions()).hasValue(before.getAsDouble());
    }

    /**
     * The handshake opens no HTTP session: its answer sets no cookie, and an open connection adds
     * none to the server's count (Open Liberty used to open one per handshake and keep it with the
     * connection).
     */
    @Test
    void the_handshake_sets_no_session_cookie_and_opens_no_http_session() {
        OptionalDouble before = liveHttpSessions();
        try (RawWebSocket ws = RawWebSocket.open(null)) {
            assertThat(ws.handshake()).doesNotContainIgnoringCase("set-cookie");
            if (before.isPresent()) {
                assertThat(liveHttpSessions()).hasValue(before.getAsDouble());
            }
        }
    }

    private static OptionalDouble liveHttpSessions() {
        HttpResponse<String> r = Http.raw("GET", "/metrics", null, null);
        Matcher m = Pattern.compile("(?m)^session_liveSessions\\{appname=\"default_host_\"[^}]*} (\\S+)$")
                .matcher(r.body());
        return r.statusCode() == 200 && m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1)))
                : OptionalDouble.empty();
    }

    // ------------------------------------------------------------------ sub-protocols

    @Test
    void offering_the_stompjs_subprotocols_gets_v12_stomp() {
        try (StompClient c = StompClient.open(ItEnv.ws(null), "v12.stomp", "v11.stomp", "v10.stomp")) {
            assertThat(c.subprotocol()).isEqualTo("v12.stomp");
        }
    }

    @Test
    void offering_no_subprotocol_gets_none_and_still_connects() {
        String user = importedUser("nosub");
        try (StompClient c = StompClient.open(ItEnv.ws(null))) {
            assertThat(c.subprotocol()).isEmpty();
            c.sendText(seedConnect(ItEnv.userSig(user)));
            assertConnectedAs(c.next(), user);
        }
    }

    @Test
    void offering_only_older_subprotocols_gets_none_and_still_connects() {
        String user = importedUser("oldsub");
        try (StompClient c = StompClient.open(ItEnv.ws(null), "v11.stomp", "v10.stomp")) {
            assertThat(c.subprotocol()).isEmpty();
            c.sendText(seedConnect(ItEnv.userSig(user)));
            assertConnectedAs(c.next(), user);
        }
    }

    // ------------------------------------------------------------------ users and the seed's chat frames

    @Test
    void a_user_not_yet_imported_is_created_by_a_valid_usersig_and_can_be_messaged() {
        String newcomer = ItEnv.uid("newcomer");
        String sender = importedUser("greeter");
        try (StompClient n = StompClient.connect(ItEnv.userSig(newcomer));
             StompClient s = StompClient.connect(ItEnv.userSig(sender))) {
            n.subscribe("sub-1", "/user/queue/messages");
            s.chat(newcomer, "SINGLE", "welcome", ItEnv.uid("m"));
            JsonObject m = n.awaitMessage("/user/queue/messages");
            assertThat(m.getString("fromId")).isEqualTo(sender);
            assertThat(m.getString("content")).isEqualTo("welcome");
        }
    }

    @Test
    void a_newcomer_connecting_with_a_query_token_can_send_and_be_messaged_at_once() {
        String newcomer = ItEnv.uid("newcomer");
        String friend = importedUser("friend");
        // the handshake checks the ?token before the user exists; that must not stick once it does
        try (StompClient n = StompClient.open(ItEnv.userSig(newcomer));
             StompClient f = StompClient.connect(ItEnv.userSig(friend))) {
            n.sendText("CONNECT\naccept-version:1.2\nheart-beat:0,0\n\n\0");
            assertThat(n.next().command()).isEqualTo(Command.CONNECTED);
            n.subscribe("sub-1", "/user/queue/messages");
            f.subscribe("sub-1", "/user/queue/messages");
            n.chat(friend, "SINGLE", "hi", ItEnv.uid("m"));
            assertThat(f.awaitMessage("/user/queue/messages").getString("fromId")).isEqualTo(newcomer);
            f.chat(newcomer, "SINGLE", "hello", ItEnv.uid("m"));
            assertThat(n.awaitMessage("/user/queue/messages").getString("fromId")).isEqualTo(friend);
        }
    }

    @Test
    void an_authorization_header_written_with_a_space_after_the_colon_works() {
        String u = importedUser("spaced");
        try (StompClient c = StompClient.open(null)) {
            c.sendText("CONNECT\naccept-version:1.2\nAuthorization: Bearer " + ItEnv.userSig(u) + "\n\n\0");
            assertThat(c.next().header("user-name")).isEqualTo(u);
        }
    }

    @Test
    void the_seed_subscribe_and_send_frames_deliver_a_message_with_the_seed_fields() {
        String user1 = importedUser("user_001");
        String user2 = importedUser("user_002");
        String messageId = ItEnv.uid("c");
        try (StompClient receiver = StompClient.open(ItEnv.userSig(user1));
             StompClient sender = StompClient.open(ItEnv.userSig(user2))) {
            receiver.sendText(seedConnect(ItEnv.userSig(user1)));
            assertConnectedAs(receiver.next(), user1);
            sender.sendText(seedConnect(ItEnv.userSig(user2)));
            assertConnectedAs(sender.next(), user2);

            // the seed's SUBSCRIBE has no receipt: a later frame with one shows it was handled
            receiver.sendText("SUBSCRIBE\nid:sub-1\ndestination:/user/queue/messages\n\n\0");
            receiver.subscribe("sub-errors", "/user/queue/errors");

            // exactly as on the seed page, including the LF between the body and the NUL
            long before = System.currentTimeMillis();
            sender.sendText("SEND\ndestination:/app/chat.send\ncontent-type:application/json\n\n"
                    + "{\"appKey\":\"ak_demo_chat\",\"messageId\":\"" + messageId + "\",\"toId\":\"" + user1
                    + "\",\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\",\"content\":\"Hello\"}\n\0");

            Frame f = receiver.await(x -> x.command() == Command.MESSAGE);
            assertThat(f.header("destination")).isEqualTo("/user/queue/messages");
            assertThat(f.header("subscription")).isEqualTo("sub-1");
            assertThat(f.header("message-id")).isNotBlank();
            assertThat(f.header("content-type")).isEqualTo("application/json");
            JsonObject m = StompClient.json(f);
            assertThat(m.getString("id")).isNotBlank();
            assertThat(m.getString("fromId")).isEqualTo(user2);
            assertThat(m.getString("toId")).isEqualTo(user1);
            assertThat(m.getString("chatType")).isEqualTo("SINGLE");
            assertThat(m.getString("msgType")).isEqualTo("TEXT");
            assertThat(m.getString("content")).isEqualTo("Hello");
            assertThat(m.getString("status")).isEqualTo("SENT");
            assertThat(m.getJsonNumber("createdAt").longValue()).isBetween(before - 60_000, System.currentTimeMillis());
            assertThat(m.getString("messageId")).isEqualTo(messageId);
        }
    }
}
