package com.xuqinmin.im.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.xuqinmin.im.auth.UserSig;
import com.xuqinmin.im.chat.ConversationId;
import com.xuqinmin.im.it.Admin;
import com.xuqinmin.im.it.Console;
import com.xuqinmin.im.it.Http;
import com.xuqinmin.im.it.ItEnv;
import com.xuqinmin.im.it.StompClient;
import com.xuqinmin.im.it.TenantBackend;
import com.xuqinmin.im.it.TestFcm;
import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two nodes on one PostgreSQL and one Redis, tested from outside: what one node stores reaches
 * sessions on the other, in order, and the faults of DESIGN.md §4 (Redis away, a node killed, the
 * database refusing a node) lose nothing that was receipted. The fault tests run last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String MESSAGES = "/user/queue/messages";

    private static Cluster cluster;
    private static Node n1;
    private static Node n2;
    private static Console.Tenant tenant;
    private static Console.App app;
    private static final List<StompClient> clients = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        cluster = new Cluster();
        n1 = cluster.node1;
        n2 = cluster.node2;
        cluster.start();
        tenant = ItEnv.on(n1.port, Console::newTenant);
        app = ItEnv.on(n1.port, () -> Console.newApp(tenant));
    }

    @AfterAll
    static void stopCluster() {
        clients.forEach(StompClient::close);
        if (!Cluster.redisUp()) {
            Cluster.startRedis();
        }
        if (cluster != null) {
            cluster.accept(n2);
            cluster.stop();
        }
    }

    // ------------------------------------------------------------------ across nodes

    @Test
    @Order(1)
    void aSingleChatMessageStoredOnOneNodeReachesTheRecipientOnTheOther() {
        String alice = user();
        String bob = user();
        StompClient a = connect(n1, alice);
        StompClient b = connect(n2, bob);
        Frame receipt = send(a, bob, "SINGLE", "hello-from-node1");
        assertThat(receipt.header("im-seq")).isEqualTo("1");
        JsonObject got = b.awaitMessage(MESSAGES, m -> "hello-from-node1".equals(m.getString("content")));
        assertThat(got.getString("fromId")).isEqualTo(alice);
        send(b, alice, "SINGLE", "hello-from-node2");
        a.awaitMessage(MESSAGES, m -> "hello-from-node2".equals(m.getString("content")));
    }

    @Test
    @Order(2)
    void groupMessagesRevokesAndReadNoticesCrossNodes() {
        AcrossNodes x = groupAcrossNodes();
        String alice = x.alice();
        String bob = x.bob();
        String group = x.group();
        StompClient a = x.a();
        StompClient b = x.b();
        String id = ItEnv.uid("m");
        sendWithId(a, group, "GROUP", "to-the-group", id);
        b.awaitMessage("/topic/group/" + group, m -> "to-the-group".equals(m.getString("content")));

        // revoke of a single-chat message: the notice reaches the other node
        String single = ItEnv.uid("m");
        Frame r = sendWithId(a, bob, "SINGLE", "soon-revoked", single);
        b.awaitMessage(MESSAGES, m -> single.equals(m.getString("messageId")));
        a.sendJson("/app/chat.revoke", "{\"messageId\":\"" + single + "\"}", "rv-" + single);
        receipt(a, "rv-" + single);
        b.awaitMessage(MESSAGES, m -> single.equals(m.getString("messageId"))
                && "REVOKED".equals(m.getString("status")));

        // read notice: bob reads on node2, alice hears it on node1
        String conv = ConversationId.single(alice, bob);
        b.sendJson("/app/chat.read", "{\"conversationId\":\"" + conv + "\",\"seq\":" + r.header("im-seq") + "}", "rd");
        receipt(b, "rd");
        a.awaitMessage(MESSAGES, m -> "READ".equals(m.getString("type", null)) && bob.equals(m.getString("userId")));
    }

    @Test
    @Order(2)
    void anEditOnOneNodeReachesTheRecipientOnTheOther() {
        String alice = user();
        String bob = user();
        StompClient a = connect(n1, alice);
        StompClient b = connect(n2, bob);
        String id = ItEnv.uid("m");
        Frame sent = sendWithId(b, alice, "SINGLE", "typo-on-node2", id);
        a.awaitMessage(MESSAGES, m -> id.equals(m.getString("messageId")));

        b.sendJson("/app/chat.edit", "{\"messageId\":\"" + id + "\",\"content\":\"fixed-on-node2\"}", "ed-" + id);
        receipt(b, "ed-" + id);
        JsonObject edited = a.awaitMessage(MESSAGES, m -> "EDITED".equals(m.getString("type", null))
                && id.equals(m.getString("messageId")));
        assertThat(edited.getString("content")).isEqualTo("fixed-on-node2");
        assertThat(edited.getInt("editCount")).isEqualTo(1);
        assertThat(edited.getJsonNumber("seq").longValue()).isEqualTo(Long.parseLong(sent.header("im-seq")));
    }

    @Test
    @Order(2)
    void aGroupReadOnOneNodeGivesTheSenderOnTheOtherItsReadCountAndAnEditReachesTheTopicThere() {
        AcrossNodes x = groupAcrossNodes();
        String id = ItEnv.uid("m");
        Frame sent = sendWithId(x.a(), x.group(), "GROUP", "read-me-on-node2", id);
        x.b().awaitMessage("/topic/group/" + x.group(), m -> id.equals(m.getString("messageId")));

        // bob reads on node2: alice, the sender, on node1 gets the READ_COUNT of her message
        x.b().sendJson("/app/chat.read", "{\"conversationId\":\"g:" + x.group() + "\",\"seq\":"
                + sent.header("im-seq") + "}", "rd-" + id);
        receipt(x.b(), "rd-" + id);
        JsonObject count = x.a().awaitMessage(MESSAGES, m -> "READ_COUNT".equals(m.getString("type", null)));
        assertThat(count.getString("groupId")).isEqualTo(x.group());
        JsonObject first = count.getJsonArray("counts").getJsonObject(0);
        assertThat(first.getJsonNumber("seq").longValue()).isEqualTo(Long.parseLong(sent.header("im-seq")));
        assertThat(first.getInt("readCount")).isEqualTo(1);

        // alice edits it on node1: bob's topic subscription on node2 gets the EDITED notice
        x.a().sendJson("/app/chat.edit", "{\"messageId\":\"" + id + "\",\"content\":\"edited-on-node1\"}", "ed-" + id);
        receipt(x.a(), "ed-" + id);
        JsonObject edited = x.b().awaitMessage("/topic/group/" + x.group(),
                m -> "EDITED".equals(m.getString("type", null)) && id.equals(m.getString("messageId")));
        assertThat(edited.getString("content")).isEqualTo("edited-on-node1");
    }

    @Test
    @Order(3)
    void onlineStatusAndNoncesAreSharedByTheNodes() {
        String bob = user();
        connect(n2, bob);
        JsonObject online = ok(api(n1, "GET", "/api/im/admin/users/" + bob + "/online", null));
        assertThat(online.getBoolean("online")).isTrue();
        assertThat(online.getJsonArray("sessions")).hasSize(1);
        assertThat(online.getJsonArray("sessions").getJsonObject(0).getString("transport")).isEqualTo("websocket");
        // the app's online users, asked of the node bob is not connected to: every node's, through Redis
        JsonObject all = ok(api(n1, "GET", "/api/im/admin/app/online?limit=1000", null));
        assertThat(all.getString("scope")).isEqualTo("cluster");
        assertThat(all.getJsonArray("users").stream().map(u -> u.asJsonObject().getString("userId"))).contains(bob);

        // a signed request accepted by node1 is a replay on node2
        String path = "/api/im/admin/users/" + bob;
        long ts = System.currentTimeMillis();
        String nonce = Admin.nonce();
        String sig = Admin.sign(app.secret(), "GET", path, ts, nonce, new byte[0]);
        Admin.Reply first = ItEnv.on(n1.port, () -> Admin.sendRaw("GET", path, new byte[0], app.appKey(),
                Long.toString(ts), nonce, sig));
        assertThat(first.status()).isEqualTo(200);
        Admin.Reply replay = ItEnv.on(n2.port, () -> Admin.sendRaw("GET", path, new byte[0], app.appKey(),
                Long.toString(ts), nonce, sig));
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.body().getString("error")).isEqualTo("NONCE_REPLAYED");
    }

    @Test
    @Order(4)
    void kicksAndADisabledAppCloseSessionsOnTheOtherNode() {
        String bob = user();
        StompClient b = connect(n2, bob);
        ok(api(n1, "POST", "/api/im/admin/users/" + bob + "/kick", null));
        Frame err = b.awaitError();
        assertThat(err.header("message")).isEqualTo("Kicked");

        Console.App other = ItEnv.on(n1.port, () -> Console.newApp(tenant));
        String carol = ItEnv.uid("u");
        ok(ItEnv.on(n1.port, () -> Admin.send("POST", "/api/im/admin/users", "{\"users\":[{\"userId\":\"" + carol
                + "\"}]}", other.appKey(), other.secret(), System.currentTimeMillis(), Admin.nonce())));
        StompClient c = connect(n2, other, carol);
        Admin.Reply disabled = ItEnv.on(n1.port, () -> Http.post("/api/apps/" + other.appKey() + "/disable", null,
                tenant.token()));
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(c.awaitError().header("message")).isEqualTo("Kicked");
    }

    @Test
    @Order(4)
    void aNewSessionOnOneNodeClosesAnOlderOneOnTheOtherUnderTheAppsDevicePolicy() {
        Console.App single = ItEnv.on(n1.port, () -> Console.newApp(tenant));
        ok(signed(n1, single, "PUT", "/api/im/admin/app/settings", "{\"devicePolicy\":\"SINGLE\"}"));
        String dan = ItEnv.uid("u");
        ok(signed(n1, single, "POST", "/api/im/admin/users", "{\"users\":[{\"userId\":\"" + dan + "\"}]}"));
        StompClient older = connect(n2, single, dan);
        connect(n1, single, dan);
        Frame err = older.awaitError();
        assertThat(err.header("message")).isEqualTo("Kicked");
        assertThat(err.bodyText()).isEqualTo("logged in on another device (one session at a time)");
    }

    @Test
    @Order(4)
    void aFriendRequestAcceptedOnNode2ReachesNode1AndABlockOnNode2RefusesOnNode1AtOnce() {
        String alice = user();
        String bob = user();
        StompClient a = connect(n1, alice);
        a.subscribe("n", "/user/queue/notices");
        String aliceJwt = imJwt(n1, alice);
        String bobJwt = imJwt(n2, bob);
        String id = ok(client(n1, "POST", "/api/im/friends/requests", "{\"toId\":\"" + bob + "\"}", aliceJwt))
                .getString("id");
        ok(client(n2, "POST", "/api/im/friends/requests/" + id + "/accept", null, bobJwt));
        JsonObject notice = a.awaitMessage("/user/queue/notices", n -> "FRIEND_ADDED".equals(n.getString("type")));
        assertThat(notice.getJsonObject("data").getString("userId")).isEqualTo(bob);
        assertThat(notice.getJsonObject("data").getString("requestId")).isEqualTo(id);

        // node1 has bob's (empty) blocklist in its cache after this send
        send(a, bob, "SINGLE", "before-the-block");
        ok(client(n2, "POST", "/api/im/blocks", "{\"userId\":\"" + alice + "\"}", bobJwt));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Admin.Reply r = client(n1, "POST", "/api/im/messages/send", body(bob, "SINGLE", "blocked?", ItEnv.uid("m")),
                    aliceJwt);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.body().getString("error")).isEqualTo("BLOCKED");
        });
    }

    @Test
    @Order(4)
    void presenceTypingAndGroupNoticesCrossNodes() {
        String alice = user();
        String bob = user();
        ok(api(n1, "POST", "/api/im/admin/users/" + alice + "/friends", "{\"friends\":[{\"userId\":\"" + bob + "\"}]}"));
        StompClient b = connect(n2, bob);
        b.subscribe("p", "/user/queue/presence");
        b.subscribe("t", "/user/queue/typing");
        b.subscribe("n", "/user/queue/notices");
        String bobJwt = imJwt(n2, bob);

        // alice's first session, on node1, is told to her friend on node2; node2 answers her state
        StompClient a = connect(n1, alice);
        JsonObject up = b.awaitMessage("/user/queue/presence", p -> alice.equals(p.getString("userId")));
        assertThat(up.getBoolean("online")).isTrue();
        Admin.Reply asked = client(n2, "GET", "/api/im/users/presence?ids=" + alice, null, bobJwt);
        assertThat(asked.status()).isEqualTo(200);
        assertThat(asked.body().getJsonArray("data").getJsonObject(0).getBoolean("online")).isTrue();

        // typing on node1 reaches node2; nothing is stored
        a.sendJson("/app/chat.typing", "{\"toId\":\"" + bob + "\",\"chatType\":\"SINGLE\"}", "ty");
        receipt(a, "ty");
        JsonObject typing = b.awaitMessage("/user/queue/typing", t -> alice.equals(t.getString("fromId")));
        assertThat(typing.getString("chatType")).isEqualTo("SINGLE");

        // a group change made on node1 is told to the member on node2
        String group = group(alice, bob);
        ok(api(n1, "PUT", "/api/im/admin/groups/" + group, "{\"name\":\"Renamed\"}"));
        JsonObject renamed = b.awaitMessage("/user/queue/notices", n -> "GROUP_RENAMED".equals(n.getString("type")));
        assertThat(renamed.getJsonObject("data").getString("groupId")).isEqualTo(group);

        // her last session closing on node1 is told on node2
        a.close();
        JsonObject down = b.awaitMessage("/user/queue/presence", p -> alice.equals(p.getString("userId"))
                && !p.getBoolean("online"));
        assertThat(down.getBoolean("online")).isFalse();
    }

    @Test
    @Order(4)
    void anOfflineUsersPushIsSentOnceWhicheverNodeStoresTheMessage() {
        Console.App pushed = ItEnv.on(n1.port, () -> Console.newApp(tenant));
        String bobPhone = TestFcm.token();
        try (TestFcm fcm = new TestFcm(Set.of(bobPhone), Set.of())) {
            ok(signed(n1, pushed, "PUT", "/api/im/admin/push", "{\"fcm\":{\"projectId\":\"" + TestFcm.PROJECT
                    + "\",\"serviceAccount\":" + jakarta.json.Json.createValue(fcm.serviceAccount())
                    + ",\"endpoint\":\"" + fcm.base() + "\"}}"));
            String alice = ItEnv.uid("u");
            String bob = ItEnv.uid("u");
            ok(signed(n1, pushed, "POST", "/api/im/admin/users", "{\"users\":[{\"userId\":\"" + alice
                    + "\"},{\"userId\":\"" + bob + "\"}]}"));
            // bob registers his phone on node2 and goes away; alice is online on both nodes
            ok(client(n2, "POST", "/api/im/devices", "{\"deviceId\":\"phone\",\"platform\":\"android\","
                    + "\"pushToken\":\"" + bobPhone + "\"}", imJwt(n2, pushed, bob)));
            StompClient a1 = connect(n1, pushed, alice);
            StompClient a2 = connect(n2, pushed, alice);
            send(a1, bob, "SINGLE", "stored-on-node1");
            send(a2, bob, "SINGLE", "stored-on-node2");
            for (String body : List.of("stored-on-node1", "stored-on-node2")) {
                TestFcm.Sent s = fcm.await(x -> body.equals(x.message().getJsonObject("notification")
                        .getString("body")), WAIT);
                assertThat(s.token()).isEqualTo(bobPhone);
                assertThat(s.message().getJsonObject("notification").getString("title"))
                        .as("the default title: the sender's nickname, its userId when it has none").isEqualTo(alice);
            }
            // each message pushed once, not once per node
            Node.sleep(3000);
            assertThat(fcm.sent()).extracting(x -> x.message().getJsonObject("notification").getString("body") + " "
                    + x.message().getJsonObject("data").getString("messageId"))
                    .hasSize(2).anyMatch(x -> x.startsWith("stored-on-node1 "))
                    .anyMatch(x -> x.startsWith("stored-on-node2 "));
            assertThat(fcm.refused()).isEmpty();
        }
    }

    /** An im_jwt of a user of the test app, from the node's login. */
    private static String imJwt(Node n, String userId) {
        return imJwt(n, app, userId);
    }

    private static String imJwt(Node n, Console.App in, String userId) {
        String sig = UserSig.mint(in.appKey(), in.secret(), userId, System.currentTimeMillis() / 1000, 3600);
        return ok(ItEnv.on(n.port, () -> Http.post("/api/im/auth/login", "{\"appKey\":\"" + in.appKey()
                + "\",\"userId\":\"" + userId + "\",\"userSig\":\"" + sig + "\"}", null))).getString("token");
    }

    /** A call of the IM client API on a node. */
    private static Admin.Reply client(Node n, String method, String path, String json, String jwt) {
        return ItEnv.on(n.port, () -> Http.send(method, path, json, jwt));
    }

    @Test
    @Order(5)
    void aConversationKeepsItsOrderWhenBothNodesStoreItsMessages() throws Exception {
        String alice = user();
        String carol = user();
        String bob = user();
        String dave = user();
        String group = ItEnv.uid("g");
        ok(api(n1, "POST", "/api/im/admin/groups", "{\"groupId\":\"" + group + "\",\"name\":\"G\",\"ownerId\":\"" + alice
                + "\",\"memberIds\":[\"" + bob + "\",\"" + carol + "\",\"" + dave + "\"]}"));
        StompClient a = connect(n1, alice);
        StompClient c = connect(n2, carol);
        StompClient b = connect(n2, bob);
        StompClient d = connect(n1, dave);
        String topic = "/topic/group/" + group;
        b.subscribe("g", topic);
        d.subscribe("g", topic);
        send(a, group, "GROUP", "warm-up");
        b.awaitMessage(topic, m -> "warm-up".equals(m.getString("content")));
        d.awaitMessage(topic, m -> "warm-up".equals(m.getString("content")));

        int each = 40;
        CompletableFuture<Void> fromA = CompletableFuture.runAsync(() -> burst(a, group, "GROUP", "a", each));
        CompletableFuture<Void> fromC = CompletableFuture.runAsync(() -> burst(c, group, "GROUP", "c", each));
        fromA.get();
        fromC.get();
        for (StompClient reader : List.of(b, d)) {
            List<Frame> got = reader.collect(f -> f.command() == Command.MESSAGE && topic.equals(f.header("destination")),
                    2 * each, WAIT);
            List<Long> seqs = new ArrayList<>();
            for (Frame f : got) {
                seqs.add(StompClient.json(f).getJsonNumber("seq").longValue());
            }
            assertThat(seqs).as("seqs seen by a reader").isSorted().doesNotHaveDuplicates().hasSize(2 * each);
        }

        // a single chat written from both nodes at once (the sender has a device on each)
        StompClient a2 = ItEnv.on(n2.port, () -> {
            String sig = UserSig.mint(app.appKey(), app.secret(), alice, System.currentTimeMillis() / 1000, 3600);
            StompClient x = StompClient.connect(sig, "second-device");
            clients.add(x);
            x.subscribe("m", MESSAGES);
            return x;
        });
        send(a, bob, "SINGLE", "warm-up");
        b.awaitMessage(MESSAGES, m -> "warm-up".equals(m.getString("content")));
        b.drain();
        CompletableFuture<Void> fromNode1 = CompletableFuture.runAsync(() -> burst(a, bob, "SINGLE", "x", each));
        CompletableFuture<Void> fromNode2 = CompletableFuture.runAsync(() -> burst(a2, bob, "SINGLE", "y", each));
        fromNode1.get();
        fromNode2.get();
        List<Long> seqs = new ArrayList<>();
        for (Frame f : b.collect(f -> f.command() == Command.MESSAGE && MESSAGES.equals(f.header("destination")),
                2 * each, WAIT)) {
            seqs.add(StompClient.json(f).getJsonNumber("seq").longValue());
        }
        assertThat(seqs).as("seqs of the single chat").isSorted().doesNotHaveDuplicates().hasSize(2 * each);
    }

    @Test
    @Order(6)
    void healthAndMetricsReportTheDatabaseTheBusAndTheTraffic() {
        assertThat(n1.health("/health/live")).isEqualTo(200);
        String ready = n2.get("/health/ready");
        assertThat(ready).contains("\"database\"", "\"redis\"", "\"UP\"", "node2");
        String metrics = n2.get("/metrics?scope=application");
        assertThat(metrics).contains("im_connections", "im_messages_in_total", "im_messages_out_total",
                "im_delivery_latency_milliseconds", "im_sync_size", "im_bus_lag_milliseconds",
                "im_bus_received_total", "im_bus_held", "im_bus_up");
    }

    @Test
    @Order(6)
    void theTablesUpdatedWithEveryMessageLeaveRoomForInPlaceUpdatesAndAreVacuumed() throws Exception {
        try (Connection db = cluster.db()) {
            for (String table : List.of("im_conversation_seq", "im_cursor")) {
                try (PreparedStatement ps = db.prepareStatement(
                        "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = ?")) {
                    ps.setString(1, table);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).contains("fillfactor=50", "autovacuum_vacuum_threshold=2000");
                    }
                }
            }
            boolean autovacuum;
            try (ResultSet rs = db.createStatement().executeQuery("SHOW autovacuum")) {
                rs.next();
                autovacuum = "on".equals(rs.getString(1));
            }
            if (!autovacuum) {
                // the nodes vacuum these tables themselves (every 2 s here, IM_PG_VACUUM_SECONDS)
                await().atMost(WAIT).untilAsserted(() -> {
                    try (ResultSet rs = db.createStatement().executeQuery("SELECT min(vacuum_count) "
                            + "FROM pg_stat_user_tables WHERE relname IN ('im_conversation_seq', 'im_cursor')")) {
                        rs.next();
                        assertThat(rs.getLong(1)).isPositive();
                    }
                });
            }
        }
    }

    /**
     * Message search on PostgreSQL: the same answers as on H2 (SearchIT) through V19's indexes — the
     * full-text index with CJK character pairs, the trigram index — whichever node is asked.
     */
    @Test
    @Order(6)
    void messageSearchFindsEnglishAndChineseWordsThroughThePostgresIndexes() throws Exception {
        String alice = user();
        String bob = user();
        String carol = user();
        String word = ItEnv.uid("quarterly").replace("_", "");
        for (String[] m : new String[][] {{alice, bob, word + " report is late"}, {alice, bob, "你好世界，" + word},
                {carol, bob, word + " numbers"}, {alice, bob, "明天我们去吃饭吧"}}) {
            ok(api(n1, "POST", "/api/im/admin/messages/send", "{\"fromId\":\"" + m[0] + "\",\"toId\":\"" + m[1]
                    + "\",\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\",\"content\":\"" + m[2]
                    + "\",\"messageId\":\"" + ItEnv.uid("m") + "\"}"));
        }
        String revoked = ok(api(n1, "POST", "/api/im/admin/messages/send", "{\"fromId\":\"" + alice
                + "\",\"toId\":\"" + bob + "\",\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\",\"content\":\""
                + word + " revoked\",\"messageId\":\"" + ItEnv.uid("m") + "\"}")).getString("id");
        ok(api(n1, "POST", "/api/im/admin/messages/" + revoked + "/revoke", null));

        String aliceJwt = imJwt(n2, alice);
        String bobJwt = imJwt(n2, bob);
        assertThat(searched(client(n2, "GET", "/api/im/messages/search?q=" + word, null, aliceJwt)))
                .containsExactly("你好世界，" + word, word + " report is late");
        assertThat(searched(client(n2, "GET", "/api/im/messages/search?q=" + word.toUpperCase(), null, bobJwt)))
                .containsExactly(word + " numbers", "你好世界，" + word, word + " report is late");
        for (String cjk : List.of("世界", "你好世界", "好世")) {
            assertThat(searched(client(n2, "GET", "/api/im/messages/search?q=" + enc(cjk), null, bobJwt))).as(cjk)
                    .containsExactly("你好世界，" + word);
        }
        assertThat(searched(client(n1, "GET", "/api/im/messages/search?q=" + enc("吃饭"), null, bobJwt)))
                .containsExactly("明天我们去吃饭吧");
        assertThat(searched(client(n1, "GET", "/api/im/messages/search?q=" + enc("界世"), null, bobJwt))).isEmpty();
        assertThat(searched(client(n1, "GET", "/api/im/messages/search?q=" + word + "%20late", null, bobJwt)))
                .containsExactly(word + " report is late");
        assertThat(searched(api(n2, "GET", "/api/im/admin/messages/search?q=" + word + "&userId=" + carol, null)))
                .containsExactly(word + " numbers");

        try (Connection db = cluster.db()) {
            try (ResultSet rs = db.createStatement().executeQuery("SELECT indexname FROM pg_indexes "
                    + "WHERE tablename = 'im_message' AND indexname LIKE 'ix_message_search%' ORDER BY 1")) {
                List<String> names = new ArrayList<>();
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
                assertThat(names).containsExactly("ix_message_search", "ix_message_search_trgm");
            }
            // the planner may use them (on this small table it would rather scan, hence enable_seqscan off)
            db.setAutoCommit(false);
            db.createStatement().execute("SET LOCAL enable_seqscan = off");
            assertThat(plan(db, "to_tsvector('simple', im_search_text(content)) @@ plainto_tsquery('simple', '世界')"))
                    .contains("ix_message_search");
            assertThat(plan(db, "content ILIKE '%你好世界%'")).contains("ix_message_search_trgm");
            db.rollback();
        }
    }

    private static String plan(Connection db, String condition) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (ResultSet rs = db.createStatement().executeQuery("EXPLAIN SELECT id FROM im_message WHERE "
                + "status = 'SENT' AND msg_type <> 'ENCRYPTED' AND " + condition)) {
            while (rs.next()) {
                sb.append(rs.getString(1)).append('\n');
            }
        }
        return sb.toString();
    }

    private static List<String> searched(Admin.Reply r) {
        List<String> out = new ArrayList<>();
        ok(r).getJsonArray("messages").forEach(v -> out.add(v.asJsonObject().getString("content")));
        return out;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ faults

    /**
     * After-events survive the node that was delivering them dying: with node2 stopped, node1 is
     * killed while the tenant's back-end holds its first afterSendMessage call; node2, started
     * again, takes over the claims once they lapse and delivers every event, the interrupted one
     * again with the same eventId, in the conversation's order.
     */
    @Test
    @Order(9)
    void afterEventsSurviveANodeKilledWhileDeliveringThemAndArriveOnceEachByEventId() throws Exception {
        Console.App hooked = ItEnv.on(n1.port, () -> Console.newApp(tenant));
        List<String> answered = new java.util.concurrent.CopyOnWriteArrayList<>(); // "eventId content", 2xx taken
        java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
        try (TenantBackend backend = new TenantBackend(hooked.secret())) {
            backend.answering(d -> {
                if (holding.getCount() > 0) {
                    holding.countDown();
                    return new TenantBackend.Answer(200, "", Duration.ofSeconds(4)); // node1 dies meanwhile
                }
                answered.add(d.eventId() + " " + d.json().getJsonObject("message").getString("content"));
                return TenantBackend.Answer.ok("");
            });
            ok(signed(n1, hooked, "PUT", "/api/im/admin/webhook", "{\"url\":\"" + backend.url()
                    + "\",\"events\":[\"afterSendMessage\"],\"timeoutMs\":5000}"));
            String alice = ItEnv.uid("u");
            String bob = ItEnv.uid("u");
            ok(signed(n1, hooked, "POST", "/api/im/admin/users", "{\"users\":[{\"userId\":\"" + alice
                    + "\"},{\"userId\":\"" + bob + "\"}]}"));
            n2.stop(); // node1 alone delivers, so the kill interrupts a delivery
            for (int i = 1; i <= 5; i++) {
                ok(signed(n1, hooked, "POST", "/api/im/admin/messages/send", "{\"fromId\":\"" + alice
                        + "\",\"toId\":\"" + bob + "\",\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\","
                        + "\"content\":\"e" + i + "\"}"));
            }
            assertThat(holding.await(20, java.util.concurrent.TimeUnit.SECONDS)).as("node1 started delivering").isTrue();
            n1.kill();
            n2.start(cluster.env(n2));

            await().atMost(Duration.ofSeconds(60)).until(() -> answered.size() >= 5);
            Thread.sleep(2000); // room for a duplicate to show
            List<TenantBackend.Delivery> all = backend.received("afterSendMessage");
            assertThat(all).allMatch(TenantBackend.Delivery::verified);
            assertThat(answered).extracting(a -> a.split(" ")[1]).as("each event taken once, in order")
                    .containsExactly("e1", "e2", "e3", "e4", "e5");
            assertThat(answered.stream().map(a -> a.split(" ")[0]).distinct()).hasSize(5);
            // the one node1 was delivering when it died came again, with the same eventId
            assertThat(all).hasSize(6);
            assertThat(all.get(0).eventId()).isEqualTo(answered.get(0).split(" ")[0]);
        } finally {
            if (n1.health("/health/ready") != 200) {
                n1.start(cluster.env(n1));
            }
            if (n2.health("/health/ready") != 200) {
                n2.start(cluster.env(n2));
            }
        }
    }

    private static Admin.Reply signed(Node n, Console.App in, String method, String path, String json) {
        return ItEnv.on(n.port, () -> Admin.send(method, path, json, in.appKey(), in.secret(),
                System.currentTimeMillis(), Admin.nonce()));
    }

    @Test
    @Order(10)
    void withRedisAwayEachNodeDeliversLocallyAndTheOthersCatchUpWhenItReturns() {
        String alice = user();
        String carol = user();
        String bob = user();
        StompClient a = connect(n1, alice);
        StompClient c = connect(n1, carol);
        StompClient b = connect(n2, bob);
        try {
            Cluster.stopRedis();
            await().atMost(WAIT).until(() -> n1.health("/health/ready") == 503);
            // local delivery and receipts go on
            send(a, carol, "SINGLE", "local-while-redis-away");
            c.awaitMessage(MESSAGES, m -> "local-while-redis-away".equals(m.getString("content")));
            send(a, bob, "SINGLE", "remote-while-redis-away");
        } finally {
            Cluster.startRedis();
        }
        // the node reconnects by itself and bob's node catches him up from the database
        await().atMost(Duration.ofSeconds(60)).until(() -> n1.health("/health/ready") == 200
                && n2.health("/health/ready") == 200);
        b.awaitMessage(MESSAGES, m -> "remote-while-redis-away".equals(m.getString("content")));
        send(a, bob, "SINGLE", "after-redis-returned");
        b.awaitMessage(MESSAGES, m -> "after-redis-returned".equals(m.getString("content")));
    }

    @Test
    @Order(11)
    void aDatabaseThatRefusesANodeFailsItsSendsCleanlyUntilItReturns() throws Exception {
        String erin = user();
        String alice = user();
        StompClient e = connect(n2, erin);
        String id = ItEnv.uid("m");
        try {
            cluster.refuse(n2);
            e.sendJson("/app/chat.send", body(alice, "SINGLE", "while-db-refuses", id), "r-" + id);
            // the pool first finds its connections closed, then is refused new ones: this may take seconds
            JsonObject rejection = StompClient.json(e.await(f -> f.command() == Command.MESSAGE
                    && "/user/queue/errors".equals(f.header("destination")), Duration.ofSeconds(45)));
            assertThat(rejection.getString("error")).isEqualTo("DATABASE_UNAVAILABLE");
            assertThat(rejection.getInt("code")).isEqualTo(503);
            e.expectNone(f -> f.command() == Command.RECEIPT && ("r-" + id).equals(f.header("receipt-id")),
                    Duration.ofSeconds(2));
            assertThat(n2.health("/health/ready")).isNotEqualTo(200);
            // the server API refuses the same way, with an HTTP 503 envelope
            String httpId = ItEnv.uid("h");
            Admin.Reply http = api(n2, "POST", "/api/im/admin/messages/send", "{\"fromId\":\"" + erin
                    + "\",\"toId\":\"" + alice + "\",\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\",\"content\":\"x\","
                    + "\"messageId\":\"" + httpId + "\"}");
            assertThat(http.status()).as(http.body().toString()).isEqualTo(503);
            assertThat(http.body().getString("error")).isEqualTo("DATABASE_UNAVAILABLE");
        } finally {
            cluster.accept(n2);
        }
        try (Connection db = cluster.db();
                PreparedStatement q = db.prepareStatement("SELECT count(*) FROM im_message WHERE client_message_id = ?")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("rows of the refused message").isZero();
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> n2.health("/health/ready") == 200);
        send(e, alice, "SINGLE", "after-db-returned");
    }

    @Test
    @Order(12)
    void aNodeKilledHardLosesNoReceiptedMessage() {
        String alice = user();
        String bob = user();
        StompClient a = connect(n1, alice);
        StompClient b = connect(n2, bob);
        Set<String> receipted = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            String id = ItEnv.uid("k");
            a.sendJson("/app/chat.send", body(bob, "SINGLE", "before-kill-" + i, id), "r-" + id);
            receipted.add(id);
        }
        for (String id : receipted) {
            a.awaitReceipt("r-" + id);
        }
        n1.kill();

        JsonObject page = ok(api(n2, "GET", "/api/im/admin/messages?conversationId="
                + ConversationId.single(alice, bob) + "&limit=100", null));
        Set<String> stored = new HashSet<>();
        for (JsonValue v : page.getJsonArray("messages")) {
            stored.add(v.asJsonObject().getString("messageId"));
        }
        assertThat(stored).containsAll(receipted);
        // the killed node's sessions stop counting as online once its presence key expires
        await().atMost(WAIT).until(() -> !ok(api(n2, "GET", "/api/im/admin/users/" + alice + "/online", null))
                .getBoolean("online"));

        // started again, the node rejoins: what it stores reaches the other node
        n1.start(cluster.env(n1));
        StompClient again = connect(n1, alice);
        send(again, bob, "SINGLE", "after-restart");
        b.awaitMessage(MESSAGES, m -> "after-restart".equals(m.getString("content")));
    }

    /**
     * A node stopped cleanly while its senders keep sending: nothing RECEIPTed is lost, nothing refused
     * is stored, and the lanes report what they held in one log line, not a warning per message.
     */
    @Test
    @Order(13)
    void aNodeStoppedUnderLoadStoresOrRefusesWhatItHeldAndLogsItOnce() throws Exception {
        String bob = user();
        List<StompClient> senders = new ArrayList<>();
        List<String> alices = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String alice = user();
            alices.add(alice);
            senders.add(connect(n1, alice));
        }
        List<Thread> threads = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean sending = new java.util.concurrent.atomic.AtomicBoolean(true);
        for (StompClient c : senders) {
            Thread t = new Thread(() -> {
                // under the per-session SEND rate: the node's stop, not the rate limit, ends this
                while (sending.get()) {
                    String id = ItEnv.uid("s");
                    try {
                        c.sendJson("/app/chat.send", body(bob, "SINGLE", "stop-" + id, id), "r-" + id);
                    } catch (RuntimeException closed) {
                        return;
                    }
                    Node.sleep(22);
                }
            });
            t.start();
            threads.add(t);
        }
        Node.sleep(2000);
        n1.stop();
        sending.set(false);
        for (Thread t : threads) {
            t.join(10_000);
        }

        Set<String> receipted = new HashSet<>();
        Set<String> refused = new HashSet<>();
        for (StompClient c : senders) {
            for (Frame f : c.drain()) {
                if (f.command() == Command.RECEIPT && f.header("receipt-id").startsWith("r-")) {
                    receipted.add(f.header("receipt-id").substring(2));
                } else if (f.command() == Command.MESSAGE && "/user/queue/errors".equals(f.header("destination"))) {
                    String r = jakarta.json.Json.createReader(new java.io.StringReader(f.bodyText())).readObject()
                            .getString("receiptId", "");
                    if (r.startsWith("r-")) {
                        refused.add(r.substring(2));
                    }
                }
            }
        }
        Set<String> stored = new HashSet<>();
        for (String alice : alices) {
            stored.addAll(storedIds(ConversationId.single(alice, bob)));
        }
        assertThat(receipted).as("receipted").isNotEmpty();
        assertThat(stored).as("nothing receipted is lost").containsAll(receipted);
        assertThat(refused).as("nothing refused is stored").doesNotContainAnyElementsOf(stored);
        List<String> log = java.nio.file.Files.readAllLines(n1.messagesLog());
        assertThat(log).as("no warning per message").noneMatch(l -> l.contains("could not store message"));
        assertThat(log.stream().filter(l -> l.contains("Lanes stopped")).count()).isLessThanOrEqualTo(1);
    }

    // ------------------------------------------------------------------ helpers

    /** The client messageIds of every message of a conversation, read from node 2 page by page. */
    private static Set<String> storedIds(String conversationId) {
        Set<String> ids = new HashSet<>();
        String before = "";
        while (true) {
            JsonObject page = ok(api(n2, "GET", "/api/im/admin/messages?conversationId=" + conversationId
                    + "&limit=100" + before, null));
            long lowest = Long.MAX_VALUE;
            for (JsonValue v : page.getJsonArray("messages")) {
                ids.add(v.asJsonObject().getString("messageId"));
                lowest = Math.min(lowest, v.asJsonObject().getJsonNumber("seq").longValue());
            }
            if (!page.getBoolean("hasMore", false) || lowest == Long.MAX_VALUE) {
                return ids;
            }
            before = "&beforeSeq=" + lowest;
        }
    }

    private static void burst(StompClient c, String to, String chatType, String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = ItEnv.uid(prefix);
            ids.add(id);
            c.sendJson("/app/chat.send", body(to, chatType, prefix + i, id), "r-" + id);
            Node.sleep(25); // under the per-session SEND rate
        }
        for (String id : ids) {
            c.awaitReceipt("r-" + id);
        }
    }

    /** Alice on node1 and bob on node2, in a group of theirs whose topic bob subscribed to. */
    private record AcrossNodes(String alice, String bob, String group, StompClient a, StompClient b) {
    }

    private static AcrossNodes groupAcrossNodes() {
        String alice = user();
        String bob = user();
        String group = group(alice, bob);
        StompClient b = connect(n2, bob);
        b.subscribe("g", "/topic/group/" + group);
        return new AcrossNodes(alice, bob, group, connect(n1, alice), b);
    }

    /** A new group of the test app, made on node1: its owner and one member. */
    private static String group(String owner, String member) {
        String group = ItEnv.uid("g");
        ok(api(n1, "POST", "/api/im/admin/groups", "{\"groupId\":\"" + group + "\",\"name\":\"G\",\"ownerId\":\"" + owner
                + "\",\"memberIds\":[\"" + member + "\"]}"));
        return group;
    }

    private static String user() {
        String id = ItEnv.uid("u");
        ok(api(n1, "POST", "/api/im/admin/users", "{\"users\":[{\"userId\":\"" + id + "\"}]}"));
        return id;
    }

    private static StompClient connect(Node n, String userId) {
        return connect(n, app, userId);
    }

    private static StompClient connect(Node n, Console.App in, String userId) {
        String sig = UserSig.mint(in.appKey(), in.secret(), userId, System.currentTimeMillis() / 1000, 3600);
        StompClient c = ItEnv.on(n.port, () -> StompClient.connect(sig, "dev-" + n.name));
        clients.add(c);
        c.subscribe("m", MESSAGES);
        c.subscribe("e", "/user/queue/errors");
        return c;
    }

    private static Frame send(StompClient c, String to, String chatType, String content) {
        return sendWithId(c, to, chatType, content, ItEnv.uid("m"));
    }

    private static Frame sendWithId(StompClient c, String to, String chatType, String content, String id) {
        c.sendJson("/app/chat.send", body(to, chatType, content, id), "r-" + id);
        return receipt(c, "r-" + id);
    }

    /** The RECEIPT of a frame; fails with the rejection when one comes instead. */
    private static Frame receipt(StompClient c, String receiptId) {
        Frame f = c.await(x -> (x.command() == Command.RECEIPT && receiptId.equals(x.header("receipt-id")))
                || (x.command() == Command.MESSAGE && "/user/queue/errors".equals(x.header("destination"))), WAIT);
        if (f.command() != Command.RECEIPT) {
            throw new AssertionError("refused: " + f.bodyText());
        }
        return f;
    }

    private static String body(String to, String chatType, String content, String id) {
        return "{\"messageId\":\"" + id + "\",\"toId\":\"" + to + "\",\"chatType\":\"" + chatType
                + "\",\"msgType\":\"TEXT\",\"content\":\"" + content + "\"}";
    }

    private static Admin.Reply api(Node n, String method, String path, String json) {
        return ItEnv.on(n.port, () -> Admin.send(method, path, json, app.appKey(), app.secret(),
                System.currentTimeMillis(), Admin.nonce()));
    }

    private static JsonObject ok(Admin.Reply r) {
        if (r.status() != 200) {
            throw new AssertionError("HTTP " + r.status() + ": " + r.body());
        }
        return r.data();
    }
}
