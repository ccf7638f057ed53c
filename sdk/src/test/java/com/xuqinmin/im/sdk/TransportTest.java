package com.xuqinmin.im.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's HTTP behaviour against a stand-in server: what it signs and sends, how answers and
 * refusals come back, and which calls it retries.
 */
class TransportTest {

    private static final String SECRET = "kM3vW9qT2xY7pL5nR8sD1fG4hJ6bC0aZ-example";

    /** One request as the stand-in server saw it. */
    static final class Seen {
        final String method;
        final String pathAndQuery;
        final String body;
        final String appKey;
        final String timestamp;
        final String nonce;
        final String signature;
        final String contentType;

        Seen(HttpExchange x, String body) {
            this.method = x.getRequestMethod();
            this.pathAndQuery = x.getRequestURI().getRawPath()
                    + (x.getRequestURI().getRawQuery() == null ? "" : "?" + x.getRequestURI().getRawQuery());
            this.body = body;
            this.appKey = x.getRequestHeaders().getFirst("X-App-Key");
            this.timestamp = x.getRequestHeaders().getFirst("X-Timestamp");
            this.nonce = x.getRequestHeaders().getFirst("X-Nonce");
            this.signature = x.getRequestHeaders().getFirst("X-Signature");
            this.contentType = x.getRequestHeaders().getFirst("Content-Type");
        }
    }

    private HttpServer server;
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());

    /** Starts a stand-in server that answers the n-th request (from 0) with {@code answer.apply(n)}: status and body. */
    private ImServerClient serve(Function<Integer, Object[]> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger n = new AtomicInteger();
        server.createContext("/", x -> {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(new Seen(x, body));
            Object[] a = answer.apply(n.getAndIncrement());
            byte[] out = ((String) a[1]).getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders((Integer) a[0], out.length);
            try (OutputStream os = x.getResponseBody()) {
                os.write(out);
            }
        });
        server.start();
        return client("http://127.0.0.1:" + server.getAddress().getPort() + "/base/");
    }

    private static ImServerClient client(String baseUrl) {
        return ImServerClient.builder().baseUrl(baseUrl).appKey("ak_demo_chat").appSecret(SECRET)
                .retryBackoff(Duration.ofMillis(5)).maxRetries(2)
                .clock(Clock.fixed(Instant.ofEpochMilli(System.currentTimeMillis()), ZoneOffset.UTC)).build();
    }

    private static Object[] ok(String data) {
        return new Object[] {200, "{\"code\":200,\"status\":\"0\",\"message\":\"success\",\"requestId\":\"r1\",\"data\":" + data + "}"};
    }

    private static Object[] refused(int code, String error) {
        return new Object[] {code, "{\"code\":" + code + ",\"status\":\"1\",\"error\":\"" + error
                + "\",\"message\":\"no\",\"requestId\":\"r-" + code + "\"}"};
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void every_call_is_signed_over_exactly_what_is_sent() throws IOException {
        ImServerClient im = serve(n -> ok("{\"imported\":[\"u1\"],\"existing\":[]}"));
        ImportResult r = im.users().importUsers(NewUser.of("u1").withNickname("Ünïcode \"quoted\""));
        assertEquals(Collections.singletonList("u1"), r.imported());

        Seen s = seen.get(0);
        assertEquals("POST", s.method);
        assertEquals("/base/api/im/admin/users", s.pathAndQuery);
        assertEquals("{\"users\":[{\"userId\":\"u1\",\"nickname\":\"Ünïcode \\\"quoted\\\"\"}]}", s.body);
        assertEquals("application/json", s.contentType);
        assertEquals("ak_demo_chat", s.appKey);
        assertTrue(s.nonce.matches("[A-Za-z0-9_-]{16,64}"), s.nonce);
        String canonical = RequestSigner.canonical("POST", "/base/api/im/admin/users", null, s.timestamp, s.nonce,
                s.body.getBytes(StandardCharsets.UTF_8));
        assertEquals(RequestSigner.sign(SECRET, canonical), s.signature);
    }

    @Test
    void ids_and_queries_are_encoded_and_signed_as_sent() throws IOException {
        ImServerClient im = serve(n -> ok("{\"messages\":[],\"hasMore\":false}"));
        im.messages().historyPage("s:ann@x.com:bob", 7L, 50);
        Seen s = seen.get(0);
        assertEquals("/base/api/im/admin/messages?conversationId=s%3Aann%40x.com%3Abob&limit=50&beforeSeq=7",
                s.pathAndQuery);
        assertNull(s.contentType);
        String canonical = RequestSigner.canonical("GET", "/base/api/im/admin/messages",
                "conversationId=s%3Aann%40x.com%3Abob&limit=50&beforeSeq=7", s.timestamp, s.nonce, new byte[0]);
        assertEquals(RequestSigner.sign(SECRET, canonical), s.signature);
    }

    @Test
    void a_search_sends_every_filter_encoded_and_follows_the_cursor() throws IOException {
        ImServerClient im = serve(n -> ok(n == 0
                ? "{\"messages\":[{\"id\":\"m2\",\"content\":\"你好世界\"}],\"hasMore\":true,\"nextCursor\":\"17.m2\"}"
                : "{\"messages\":[{\"id\":\"m1\",\"content\":\"世界\"}],\"hasMore\":false}"));
        MessageSearch search = MessageSearch.of("世界 hi").withUserId("ann@x.com").withConversationId("s:ann@x.com:bob")
                .between(5L, 9L);
        List<String> ids = new ArrayList<>();
        for (Message m : im.messages().search(search)) {
            ids.add(m.id());
        }
        assertEquals(List.of("m2", "m1"), ids);
        assertEquals("/base/api/im/admin/messages/search?q=%E4%B8%96%E7%95%8C%20hi&limit=100&userId=ann%40x.com"
                + "&conversationId=s%3Aann%40x.com%3Abob&from=5&to=9", seen.get(0).pathAndQuery);
        assertTrue(seen.get(1).pathAndQuery.endsWith("&cursor=17.m2"), seen.get(1).pathAndQuery);
        assertEquals("GET", seen.get(1).method);
    }

    @Test
    void a_refusal_carries_code_error_message_and_request_id() throws IOException {
        ImServerClient im = serve(n -> refused(404, "USER_NOT_FOUND"));
        ImException e = assertThrows(ImException.class, () -> im.users().get("nobody"));
        assertEquals(404, e.code());
        assertEquals("USER_NOT_FOUND", e.error());
        assertEquals("no", e.getMessage());
        assertEquals("r-404", e.requestId());
        assertFalse(e.isNetworkFailure());
        assertEquals(1, seen.size(), "a refusal is final");
    }

    @Test
    void a_safe_call_is_retried_after_overload_with_a_fresh_nonce() throws IOException {
        ImServerClient im = serve(n -> n < 2 ? refused(503, "SERVICE_UNAVAILABLE") : ok("{\"userId\":\"u1\",\"status\":\"ACTIVE\"}"));
        assertEquals("u1", im.users().get("u1").userId());
        assertEquals(3, seen.size());
        assertNotEquals(seen.get(0).nonce, seen.get(1).nonce);
        assertNotEquals(seen.get(1).nonce, seen.get(2).nonce);
    }

    @Test
    void retries_stop_at_the_limit_with_the_last_refusal() throws IOException {
        ImServerClient im = serve(n -> refused(503, "SERVICE_UNAVAILABLE"));
        ImException e = assertThrows(ImException.class, () -> im.users().get("u1"));
        assertEquals("SERVICE_UNAVAILABLE", e.error());
        assertEquals(3, seen.size());
    }

    @Test
    void a_send_without_message_id_is_never_sent_twice() throws IOException {
        ImServerClient im = serve(n -> refused(503, "SERVICE_UNAVAILABLE"));
        assertThrows(ImException.class, () -> im.messages().send(SendMessage.builder().from("a").toUser("b")
                .content("once").build()));
        assertEquals(1, seen.size());
    }

    @Test
    void a_send_with_a_message_id_is_retried() throws IOException {
        String msg = "{\"id\":\"01M8A5FSENR1MRANW0JEN1WPPW\",\"messageId\":\"m-1\",\"fromId\":\"a\",\"toId\":\"b\","
                + "\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\",\"content\":\"hi\",\"status\":\"SENT\","
                + "\"createdAt\":1,\"conversationId\":\"s:a:b\",\"seq\":1}";
        ImServerClient im = serve(n -> n == 0 ? refused(503, "SERVICE_UNAVAILABLE") : ok(msg));
        Message m = im.messages().send(SendMessage.builder().from("a").toUser("b").content("hi").messageId("m-1").build());
        assertEquals(2, seen.size());
        assertEquals(seen.get(0).body, seen.get(1).body);
        assertEquals(ChatType.SINGLE, m.chatType());
        assertEquals(MsgType.TEXT, m.msgType());
        assertEquals(MessageStatus.SENT, m.status());
        assertEquals(1, m.seq());
    }

    @Test
    void group_creation_is_not_retried_once_sent() throws IOException {
        ImServerClient im = serve(n -> refused(502, "HTTP_502"));
        assertThrows(ImException.class, () -> im.groups().create(NewGroup.builder().name("g").owner("a").build()));
        assertEquals(1, seen.size());
    }

    @Test
    void an_answer_that_is_not_the_envelope_is_a_network_failure() throws IOException {
        ImServerClient im = serve(n -> new Object[] {502, "<html>Bad gateway</html>"});
        ImException e = assertThrows(ImException.class, () -> im.groups().get("g1"));
        assertTrue(e.isNetworkFailure());
        assertTrue(e instanceof ImNetworkException);
        assertEquals(3, seen.size(), "a read is retried");
    }

    @Test
    void an_unreachable_server_is_a_network_failure_after_the_retries() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ImServerClient im = client("http://127.0.0.1:" + port);
        ImException e = assertThrows(ImNetworkException.class, () -> im.messages().send(SendMessage.builder().from("a")
                .toUser("b").content("x").build()));
        assertEquals(0, e.code());
        assertEquals("NETWORK_ERROR", e.error());
        assertNull(e.requestId());
    }

    @Test
    void history_iterates_page_by_page() throws IOException {
        ImServerClient im = serve(n -> {
            if (n == 0) {
                return ok("{\"messages\":[{\"seq\":3},{\"seq\":2}],\"hasMore\":true}");
            }
            return ok("{\"messages\":[{\"seq\":1}],\"hasMore\":false}");
        });
        List<Long> seqs = new ArrayList<>();
        for (Message m : im.messages().history("g:team")) {
            seqs.add(m.seq());
        }
        assertEquals(java.util.Arrays.asList(3L, 2L, 1L), seqs);
        assertTrue(seen.get(1).pathAndQuery.endsWith("&beforeSeq=2"), seen.get(1).pathAndQuery);
    }

    @Test
    void a_client_of_ones_own_or_an_executor_is_used() throws IOException {
        ImServerClient own = serve(n -> ok("{\"userId\":\"u1\",\"status\":\"ACTIVE\"}"));
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Executor counting = r -> {
                ran.incrementAndGet();
                pool.execute(r);
            };
            ImServerClient withHttp = ImServerClient.builder().baseUrl(base).appKey("ak_demo_chat").appSecret(SECRET)
                    .httpClient(java.net.http.HttpClient.newBuilder().executor(counting).build()).build();
            assertEquals("u1", withHttp.users().get("u1").userId());
            ImServerClient withExecutor = ImServerClient.builder().baseUrl(base).appKey("ak_demo_chat").appSecret(SECRET)
                    .executor(counting).build();
            int before = ran.get();
            assertEquals("u1", withExecutor.users().get("u1").userId());
            assertTrue(before > 0 && ran.get() > before, "the executors ran the HTTP work");
        } finally {
            pool.shutdownNow();
        }
        assertEquals("u1", own.users().get("u1").userId());
    }

    @Test
    void the_builder_refuses_what_cannot_work() {
        assertThrows(IllegalArgumentException.class, () -> ImServerClient.builder().baseUrl("http://x").appKey("a")
                .appSecret("short").build());
        assertThrows(IllegalArgumentException.class, () -> ImServerClient.builder().baseUrl("ftp://x").appKey("a")
                .appSecret(SECRET).build());
        assertThrows(NullPointerException.class, () -> ImServerClient.builder().appKey("a").appSecret(SECRET).build());
    }

    @Test
    void local_usersigs_use_the_configured_lifetime_and_clock() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_795_633_930L), ZoneOffset.UTC);
        ImServerClient im = ImServerClient.builder().baseUrl("http://localhost").appKey("ak_demo_chat").appSecret(SECRET)
                .userSigLifetime(Duration.ofMinutes(10)).clock(clock).build();
        String sig = im.userSig("u1");
        // the first minted vector: same inputs, same bytes as the server
        assertEquals("eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSIsImFwcEtleSI6ImFrX2RlbW9fY2hhdCIsImV4cCI6MTc5NTYzNDUzMCwiaWF0IjoxNzk1NjMzOTMwfQ.CCHPs01XAKKJDl3ENoX6rOTypBkeDmdj9WYiySJB3i4", sig);
        UserSig.Claims c = im.verifyUserSig(sig);
        assertEquals(600, c.expiresAt() - c.issuedAt());
        ImException other = assertThrows(ImException.class,
                () -> UserSig.verify(sig, "ak_other", SECRET, 1_795_633_930L));
        assertEquals("TOKEN_INVALID", other.error());
    }
}
