package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The SockJS fallback at {@code /ws/im} (docs/protocol.md, "SockJS"), over raw HTTP and a raw
 * WebSocket, as sockjs-protocol 0.3.3 describes it: {@code /info}, xhr-polling with xhr_send,
 * xhr-streaming, the websocket transport; the same STOMP frames, token checks and limits as
 * {@code /ws/im}; bad session ids and bodies; a session nobody polls is closed and forgotten.
 */
class SockJsIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    // ------------------------------------------------------------------ helpers

    private static String base() {
        return "/ws/im/" + (100 + (int) (Math.random() * 900)) + "/" + UUID.randomUUID().toString().replace("-", "");
    }

    private static HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(ItEnv.http(path)).timeout(Duration.ofSeconds(40))
                .header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body)).build());
    }

    private static HttpResponse<String> send(HttpRequest r) {
        try {
            return HTTP.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A STOMP frame as the client writes it, in a JSON string. */
    private static String frame(String command, String body, String... headers) {
        StringBuilder f = new StringBuilder(command).append('\n');
        for (String h : headers) {
            f.append(h).append('\n');
        }
        return f.append('\n').append(body == null ? "" : body).append('\u0000').toString();
    }

    /** {@code ["m1","m2"]}: messages as xhr_send takes them. */
    private static String array(String... messages) {
        var a = Json.createArrayBuilder();
        for (String m : messages) {
            a.add(m);
        }
        return a.build().toString();
    }

    /** The messages of an {@code a[...]} frame. */
    private static List<String> messages(String sockJsFrame) {
        assertThat(sockJsFrame).startsWith("a[");
        try (JsonReader r = Json.createReader(new StringReader(sockJsFrame.substring(1)))) {
            JsonArray a = r.readArray();
            List<String> out = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                out.add(a.getString(i));
            }
            return out;
        }
    }

    /** Polls until a frame holding a STOMP frame of {@code command} arrives; answers that STOMP frame. */
    private static String pollFor(String session, String command) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = post(session + "/xhr", null);
            assertThat(r.statusCode()).isEqualTo(200);
            for (String line : r.body().split("\n")) {
                if (line.startsWith("a[")) {
                    for (String m : messages(line)) {
                        for (String f : m.split("\u0000")) {
                            String trimmed = f.stripLeading();
                            if (trimmed.startsWith(command + "\n")) {
                                return trimmed;
                            }
                        }
                    }
                } else if (line.startsWith("c[")) {
                    throw new AssertionError("closed while waiting for " + command + ": " + line);
                }
            }
        }
        throw new AssertionError("no " + command + " within 20 s");
    }

    private static String connectFrame(String token) {
        return frame("CONNECT", null, "accept-version:1.2", "heart-beat:0,0", "host:im",
                "Authorization:Bearer " + token);
    }

    private static JsonObject json(String text) {
        try (JsonReader r = Json.createReader(new StringReader(text))) {
            return r.readObject();
        }
    }

    // ------------------------------------------------------------------ /info and preflights

    @Test
    void info_says_websocket_no_cookie_any_origin_and_fresh_entropy_without_caching() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(ItEnv.http("/ws/im/info?t=1"))
                .header("Origin", "http://app.example").GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v.replace(" ", "")).isEqualToIgnoringCase("application/json;charset=UTF-8"));
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store, no-cache, no-transform, must-revalidate, max-age=0");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("http://app.example");
        assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");
        assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
        JsonObject info = json(r.body());
        assertThat(info.getBoolean("websocket")).isTrue();
        assertThat(info.getBoolean("cookie_needed")).isFalse();
        assertThat(info.getJsonArray("origins").getString(0)).isEqualTo("*:*");
        long e1 = info.getJsonNumber("entropy").longValueExact();
        long e2 = json(send(HttpRequest.newBuilder(ItEnv.http("/ws/im/info")).GET().build()).body())
                .getJsonNumber("entropy").longValueExact();
        assertThat(e1).isBetween(0L, 0xffffffffL).isNotEqualTo(e2);

        HttpResponse<String> pre = send(HttpRequest.newBuilder(ItEnv.http("/ws/im/info"))
                .header("Origin", "http://app.example").header("Access-Control-Request-Method", "GET")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(pre.statusCode()).isEqualTo(204);
        assertThat(pre.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("GET");
        assertThat(pre.headers().firstValue("Access-Control-Max-Age").map(Long::parseLong).orElse(0L)).isGreaterThan(1_000_000);
        assertThat(pre.headers().firstValue("Cache-Control").orElse("")).contains("public");
    }

    // ------------------------------------------------------------------ xhr-polling

    @Test
    void two_users_chat_over_xhr_polling_and_a_disconnect_closes_the_session_with_a_close_frame() {
        String alice = ItEnv.uid("sj_alice");
        String bob = ItEnv.uid("sj_bob");
        Admin.importUsers(alice, bob);
        String a = base();
        String b = base();
        HttpResponse<String> open = post(a + "/xhr", null);
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).isEqualTo("o\n");
        assertThat(open.headers().firstValue("Content-Type").orElse("").replace(" ", ""))
                .isEqualToIgnoringCase("application/javascript;charset=UTF-8");
        assertThat(open.headers().firstValue("Cache-Control")).contains("no-store, no-cache, no-transform, must-revalidate, max-age=0");
        // bob's token on the URL, as sockjs-client carries it on every request of the session
        assertThat(post(b + "/xhr?token=" + ItEnv.userSig(bob), null).body()).isEqualTo("o\n");

        HttpResponse<String> sent = post(a + "/xhr_send", array(connectFrame(ItEnv.userSig(alice))));
        assertThat(sent.statusCode()).isEqualTo(204);
        assertThat(sent.body()).isEmpty();
        assertThat(pollFor(a, "CONNECTED")).contains("user-name:" + alice).contains("version:1.2");
        // no Authorization: CONNECT takes the handshake's ?token=
        assertThat(post(b + "/xhr_send", array(frame("CONNECT", null, "accept-version:1.2"),
                frame("SUBSCRIBE", null, "id:0", "destination:/user/queue/messages"),
                frame("SUBSCRIBE", null, "id:1", "destination:/user/queue/errors", "receipt:subscribed"))).statusCode())
                .isEqualTo(204);
        assertThat(pollFor(b, "CONNECTED")).contains("user-name:" + bob);
        pollFor(b, "RECEIPT");

        String body = "{\"appKey\":\"" + ItEnv.APP_KEY + "\",\"messageId\":\"sj-1\",\"toId\":\"" + bob
                + "\",\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\",\"content\":\"over xhr 你好 \\\"quoted\\\" \\u2028\"}";
        assertThat(post(a + "/xhr_send", array(frame("SEND", body, "destination:/app/chat.send",
                "content-type:application/json", "receipt:r1"))).statusCode()).isEqualTo(204);
        String receipt = pollFor(a, "RECEIPT");
        assertThat(receipt).contains("receipt-id:r1").contains("im-message-id:");
        String message = pollFor(b, "MESSAGE");
        JsonObject m = json(message.substring(message.indexOf("\n\n") + 2));
        assertThat(m.getString("content")).isEqualTo("over xhr 你好 \"quoted\" \u2028");
        assertThat(m.getString("fromId")).isEqualTo(alice);

        assertThat(post(a + "/xhr_send", array(frame("DISCONNECT", null, "receipt:bye"))).statusCode()).isEqualTo(204);
        StringBuilder rest = new StringBuilder();
        for (int i = 0; i < 3 && !rest.toString().contains("c["); i++) {
            rest.append(post(a + "/xhr", null).body());
        }
        assertThat(rest.toString()).contains("receipt-id:bye").contains("c[1000,\"disconnect\"]");
        // until the session is forgotten, every poll gets the close frame again
        assertThat(post(a + "/xhr", null).body()).isEqualTo("c[1000,\"disconnect\"]\n");
        assertThat(post(a + "/xhr_send", array(frame("SEND", "x", "destination:/app/chat.send"))).statusCode())
                .isEqualTo(404);
    }

    @Test
    void a_session_nobody_polls_is_closed_after_the_disconnect_delay_and_forgotten() throws Exception {
        String carol = ItEnv.uid("sj_carol");
        Admin.importUsers(carol);
        String s = base();
        assertThat(post(s + "/xhr", null).body()).isEqualTo("o\n");
        post(s + "/xhr_send", array(connectFrame(ItEnv.userSig(carol))));
        pollFor(s, "CONNECTED");
        // sockjs-protocol: 5 s without a receiving request; then the session's state is dropped
        Thread.sleep(8_000);
        HttpResponse<String> late = post(s + "/xhr_send", array(frame("SEND", "x", "destination:/app/chat.send")));
        assertThat(late.statusCode()).isEqualTo(404);
        assertThat(json(late.body()).getString("error")).isEqualTo("NOT_FOUND");
        // the id is free again: a poll opens a new session
        assertThat(post(s + "/xhr", null).body()).isEqualTo("o\n");
    }

    @Test
    void a_second_receiving_request_gets_another_connection_still_open() throws Exception {
        String s = base();
        assertThat(post(s + "/xhr", null).body()).isEqualTo("o\n");
        var first = HTTP.sendAsync(HttpRequest.newBuilder(ItEnv.http(s + "/xhr")).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(500);
        HttpResponse<String> second = post(s + "/xhr", null);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo("c[2010,\"Another connection still open\"]\n");
        first.cancel(true);
    }

    // ------------------------------------------------------------------ xhr-streaming

    @Test
    void xhr_streaming_sends_the_prelude_the_open_frame_then_frames_as_they_come() throws Exception {
        String dave = ItEnv.uid("sj_dave");
        String fran = ItEnv.uid("sj_fran");
        Admin.importUsers(dave, fran);
        String s = base();
        HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(ItEnv.http(s + "/xhr_streaming"))
                .header("Origin", "http://app.example").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("http://app.example");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertThat(in.readLine()).isEqualTo("h".repeat(2048));
            assertThat(in.readLine()).isEqualTo("o");
            assertThat(post(s + "/xhr_send", array(connectFrame(ItEnv.userSig(dave)))).statusCode()).isEqualTo(204);
            String connected = in.readLine();
            assertThat(messages(connected).get(0)).startsWith("CONNECTED\n").contains("user-name:" + dave);
            // a second stream for the same session is refused while this one is open
            HttpResponse<String> second = post(s + "/xhr_streaming", null);
            assertThat(second.body()).endsWith("\nc[2010,\"Another connection still open\"]\n");
            assertThat(post(s + "/xhr_send", array(frame("SUBSCRIBE", null, "id:0", "destination:/user/queue/messages",
                    "receipt:sub"))).statusCode()).isEqualTo(204);
            assertThat(messages(in.readLine()).get(0)).startsWith("RECEIPT\nreceipt-id:sub");

            // the ITs' server ends a stream after 4 KiB (IM_SOCKJS_STREAM_BYTES): a 5,000-character
            // message from another user comes whole, then this stream ends and the client opens the next
            String big = "x".repeat(5000);
            String f = base();
            post(f + "/xhr", null);
            post(f + "/xhr_send", array(connectFrame(ItEnv.userSig(fran)), frame("SEND", "{\"appKey\":\"" + ItEnv.APP_KEY
                    + "\",\"messageId\":\"sj-big\",\"toId\":\"" + dave + "\",\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\",\"content\":\""
                    + big + "\"}", "destination:/app/chat.send")));
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                List<String> rest = new ArrayList<>();
                for (String line; (line = in.readLine()) != null;) {
                    rest.add(line);
                }
                assertThat(rest).anySatisfy(l -> assertThat(messages(l).get(0)).startsWith("MESSAGE\n").contains(big));
            });
        }
        // the session goes on in the next stream
        HttpResponse<InputStream> next = HTTP.send(HttpRequest.newBuilder(ItEnv.http(s + "/xhr_streaming"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(next.body(), StandardCharsets.UTF_8))) {
            assertThat(in.readLine()).isEqualTo("h".repeat(2048));
            assertThat(post(s + "/xhr_send", array(frame("DISCONNECT", null, "receipt:bye"))).statusCode()).isEqualTo(204);
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                assertThat(messages(in.readLine()).get(0)).startsWith("RECEIPT\nreceipt-id:bye");
                assertThat(in.readLine()).isEqualTo("c[1000,\"disconnect\"]");
                assertThat(in.readLine()).as("a stream ends after its close frame").isNull();
            });
        }
    }

    // ------------------------------------------------------------------ websocket transport

    @Test
    void the_websocket_transport_frames_stomp_in_sockjs_arrays() {
        String erin = ItEnv.uid("sj_erin");
        Admin.importUsers(erin);
        try (RawWebSocket ws = RawWebSocket.openAt(base() + "/websocket", "token=" + ItEnv.userSig(erin))) {
            assertThat(ws.read(Duration.ofSeconds(10)).text()).isEqualTo("o");
            ws.sendText("");
            ws.sendText("[]");
            ws.sendText(array(frame("CONNECT", null, "accept-version:1.2")));
            List<String> connected = messages(ws.read(Duration.ofSeconds(10)).text());
            assertThat(connected.get(0)).startsWith("CONNECTED\n").contains("user-name:" + erin);
            // one JSON string (not an array) is a message too
            ws.sendText(Json.createValue(frame("SUBSCRIBE", null, "id:0", "destination:/user/queue/errors", "receipt:s")).toString());
            assertThat(messages(ws.read(Duration.ofSeconds(10)).text()).get(0)).startsWith("RECEIPT\nreceipt-id:s");
            ws.sendText("[\"SEND");
            String error = messages(ws.read(Duration.ofSeconds(10)).text()).get(0);
            assertThat(error).startsWith("ERROR\n").contains("error:MALFORMED_FRAME");
            assertThat(ws.read(Duration.ofSeconds(10)).text()).isEqualTo("c[1002,\"MALFORMED_FRAME\"]");
            assertThat(ws.awaitCloseCode(Duration.ofSeconds(10))).isEqualTo(1002);
        }
    }

    @Test
    void the_websocket_transport_refuses_a_forged_token_before_the_upgrade() {
        assertThatThrownBy(() -> RawWebSocket.openAt(base() + "/websocket", "token=eyJhbGciOiJIUzI1NiJ9.e30.forged"))
                .hasMessageContaining("401");
    }

    // ------------------------------------------------------------------ refusals

    @Test
    void a_forged_token_is_refused_with_401_and_a_missing_one_gets_the_seed_error_at_connect() {
        String s = base();
        HttpResponse<String> forged = post(s + "/xhr?token=eyJhbGciOiJIUzI1NiJ9.e30.forged", null);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(json(forged.body()).getString("error")).isEqualTo("TOKEN_INVALID");
        // nothing was opened: the id is still unknown
        assertThat(post(s + "/xhr_send", "[]").statusCode()).isEqualTo(404);

        String t = base();
        assertThat(post(t + "/xhr", null).body()).isEqualTo("o\n");
        post(t + "/xhr_send", array(frame("CONNECT", null, "accept-version:1.2")));
        String error = pollFor(t, "ERROR");
        assertThat(error).contains("message:Unauthorized");
    }

    @Test
    void unknown_sessions_bad_paths_broken_json_and_oversize_bodies_are_refused() {
        HttpResponse<String> unknown = post(base() + "/xhr_send", array("x"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown.body()).getString("error")).isEqualTo("NOT_FOUND");
        for (String bad : List.of("/ws/im/a./b/xhr", "/ws/im/a/b./xhr", "/ws/im//b/xhr", "/ws/im/a/b/eventsource",
                "/ws/im/a/b/c/xhr", "/ws/im/iframe.html")) {
            assertThat(post(bad, null).statusCode()).as(bad).isEqualTo(404);
        }

        String s = base();
        assertThat(post(s + "/xhr", null).body()).isEqualTo("o\n");
        HttpResponse<String> broken = post(s + "/xhr_send", "[\"x");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(json(broken.body()).getString("message")).isEqualTo("Broken JSON encoding.");
        HttpResponse<String> empty = post(s + "/xhr_send", "");
        assertThat(json(empty.body()).getString("message")).isEqualTo("Payload expected.");
        assertThat(post(s + "/xhr_send", "[]").statusCode()).isEqualTo(204);

        // twice IM_WS_MAX_MESSAGE_BYTES (256 KiB by default) is the most an xhr_send body may carry
        HttpResponse<String> huge = post(s + "/xhr_send", array("x".repeat(600_000)));
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(json(huge.body()).getString("error")).isEqualTo("MESSAGE_TOO_LARGE");
        assertThat(post(s + "/xhr", null).body()).startsWith("c[1009,");

        // one STOMP message over IM_WS_MAX_MESSAGE_BYTES inside a body under the limit: 1009 as on /ws/im
        String t = base();
        assertThat(post(t + "/xhr", null).body()).isEqualTo("o\n");
        assertThat(post(t + "/xhr_send", array("y".repeat(300_000))).statusCode()).isEqualTo(204);
        assertThat(post(t + "/xhr", null).body()).startsWith("c[1009,");
    }

    @Test
    void the_plain_endpoint_still_refuses_plain_http_as_before() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://localhost:" + ItEnv.port() + "/ws/im"))
                .GET().build());
        assertThat(r.statusCode()).isEqualTo(426);
        assertThat(json(r.body()).getString("error")).isEqualTo("UPGRADE_REQUIRED");
    }
}
