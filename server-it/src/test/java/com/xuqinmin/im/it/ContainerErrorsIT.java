package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * What the web container answers on its own, before JAX-RS or the WebSocket endpoint sees the
 * request, is the JSON envelope with a stable error name, never the container's HTML page, its
 * message ids or a stack trace (docs/security.md, "Errors"); JSON nested past the parser's limit
 * is the caller's mistake (400 / rejection), not a 500 and a stack trace in the log. Requests go
 * over a raw socket, so the exact bytes the probe sent are sent.
 */
class ContainerErrorsIT {

    /** A status line, the header block (lower-cased names) and the body of one HTTP/1.1 answer. */
    record Answer(int status, String headers, String body) {
        JsonObject envelope() {
            assertThat(headers).as("JSON, not the container's page").contains("content-type: application/json");
            return Http.json(body);
        }
    }

    static Answer request(String head, byte[] body) {
        try (Socket s = new Socket("localhost", ItEnv.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = s.getInputStream();
            // read the head, then the body by its Content-Length (a handshake refusal may keep the connection)
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            while (!got.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                got.write(b);
            }
            String headers = got.toString(StandardCharsets.ISO_8859_1).trim();
            String lower = headers.toLowerCase(Locale.ROOT);
            String rest;
            int at = lower.indexOf("content-length:");
            if (at >= 0) {
                int n = Integer.parseInt(lower.substring(at + 15, lower.indexOf("\r\n", at) < 0 ? lower.length()
                        : lower.indexOf("\r\n", at)).trim());
                rest = new String(in.readNBytes(n), StandardCharsets.UTF_8);
            } else {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                in.transferTo(all); // chunked or close-delimited: these answers close the connection
                rest = all.toString(StandardCharsets.UTF_8);
                if (lower.contains("transfer-encoding: chunked")) {
                    rest = dechunk(rest);
                }
            }
            int status = Integer.parseInt(headers.substring(9, 12));
            return new Answer(status, lower, rest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Answer get(String path) {
        return request("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", null);
    }

    static Answer post(String path, String contentType, byte[] body) {
        return request("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.length + "\r\n\r\n", body);
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", i);
            int n = Integer.parseInt(chunked.substring(i, eol).trim(), 16);
            if (n == 0) {
                return out.toString();
            }
            out.append(chunked, eol + 2, eol + 2 + n);
            i = eol + 2 + n + 2;
        }
    }

    /** Nothing of the container's inside: no message ids, class names, stack frames or its private header. */
    private static void assertNothingInternal(Answer a) {
        assertThat(a.body()).doesNotContain("SRVE").doesNotContain("Exception").doesNotContain("com.ibm")
                .doesNotContain("\tat ").doesNotContainIgnoringCase("<html");
        assertThat(a.headers()).doesNotContain("$wsep");
    }

    private static void assertEnvelope(Answer a, int status, String error) {
        assertThat(a.status()).isEqualTo(status);
        JsonObject e = a.envelope();
        assertThat(e.getInt("code")).isEqualTo(status);
        assertThat(e.getString("status")).isEqualTo("1");
        assertThat(e.getString("error")).isEqualTo(error);
        assertThat(e.getString("message")).isNotBlank();
        assertThat(e.getString("requestId")).isNotBlank();
        assertNothingInternal(a);
    }

    @Test
    void an_encoded_slash_in_a_path_is_a_400_envelope_not_a_stack_trace() {
        assertEnvelope(get("/api/im/admin/users/a%2Fb"), 400, "VALIDATION_FAILED");
    }

    @Test
    void a_path_no_servlet_serves_is_a_404_envelope() {
        assertEnvelope(get("/nope"), 404, "NOT_FOUND");
        assertEnvelope(get("/error"), 404, "NOT_FOUND");
        assertEnvelope(get("/api/im/nope"), 404, "NOT_FOUND");
    }

    @Test
    void a_request_to_the_websocket_path_that_is_no_handshake_is_a_426_envelope() {
        Answer plain = get("/ws/im");
        assertEnvelope(plain, 426, "UPGRADE_REQUIRED");
        assertThat(plain.headers()).contains("upgrade: websocket");
        assertEnvelope(post("/ws/im", "application/json", "{}".getBytes(StandardCharsets.UTF_8)), 426, "UPGRADE_REQUIRED");
    }

    private static String handshake(String version, String key, String origin) {
        return "GET /ws/im HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                + (version == null ? "" : "Sec-WebSocket-Version: " + version + "\r\n")
                + (key == null ? "" : "Sec-WebSocket-Key: " + key + "\r\n")
                + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
    }

    /** RFC 6455 §4.2.1/§4.4: a version other than 13 gets 426 naming 13; a missing or bad key is a 400. */
    @Test
    void a_handshake_with_a_wrong_version_or_key_is_an_envelope_not_an_empty_answer() {
        Answer v7 = request(handshake("7", "dGhlIHNhbXBsZSBub25jZQ==", null), null);
        assertEnvelope(v7, 426, "UPGRADE_REQUIRED");
        assertThat(v7.headers()).contains("sec-websocket-version: 13");
        assertEnvelope(request(handshake("13", null, null), null), 400, "VALIDATION_FAILED");
        assertEnvelope(request(handshake("13", "c2hvcnQ=", null), null), 400, "VALIDATION_FAILED");
    }

    @Test
    void a_handshake_with_a_forged_token_is_a_401_envelope() {
        Answer a = request(handshake("13", "dGhlIHNhbXBsZSBub25jZQ==", null).replace("/ws/im ", "/ws/im?token=forged "), null);
        assertEnvelope(a, 401, "TOKEN_INVALID");
    }

    @Test
    void a_content_type_the_container_cannot_parse_is_a_400_envelope() {
        assertEnvelope(post("/api/im/auth/login", ";;;garbage", "x".getBytes(StandardCharsets.UTF_8)), 400,
                "VALIDATION_FAILED");
    }

    /**
     * A NUL or a dot-dot segment in the encoded path is refused by Liberty's HTTP dispatcher before
     * any application is chosen, so no error page of the application applies: it stays a short
     * container answer (a known deviation, docs/security.md), but a 400 with no stack trace.
     */
    @Test
    void a_nul_in_a_path_is_a_400_without_a_stack_trace() {
        for (String path : new String[] {"/api/im/admin/users/a%00b", "/%2e%2e/x"}) {
            Answer a = get(path);
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.body()).doesNotContain("Exception").doesNotContain("com.ibm").doesNotContain("\tat ");
        }
    }

    @Test
    void json_nested_thirty_thousand_deep_at_login_is_a_400_validation_failed() {
        byte[] deep = ("[".repeat(30_000) + "]".repeat(30_000)).getBytes(StandardCharsets.UTF_8);
        Answer a = post("/api/im/auth/login", "application/json", deep);
        assertEnvelope(a, 400, "VALIDATION_FAILED");
        assertThat(a.envelope().getString("message")).contains("nested too deeply");
        // and again: a refusal, not a failure that changes anything
        assertEnvelope(post("/api/im/auth/login", "application/json", deep), 400, "VALIDATION_FAILED");
    }

    @Test
    void json_nested_too_deep_in_a_stomp_send_is_a_rejection_and_the_session_stays() {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        Admin.importUsers(alice, bob);
        try (StompClient a = StompClient.connect(ItEnv.userSig(alice))) {
            a.subscribe("e", "/user/queue/errors");
            String deep = "{\"toId\":\"" + bob + "\",\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
            a.sendJson("/app/chat.send", deep, "deep");
            JsonObject r = a.awaitRejection();
            assertThat(r.getString("error")).isEqualTo("VALIDATION_FAILED");
            assertThat(r.getString("message")).contains("nested too deeply");
            assertThat(r.getString("receiptId")).isEqualTo("deep");
            Frame ok = a.chat(bob, "SINGLE", "still here", ItEnv.uid("m"));
            assertThat(ok.command()).isEqualTo(Command.RECEIPT);
            assertThat(a.isClosed()).isFalse();
        }
    }
}
