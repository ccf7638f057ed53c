package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Locale;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The stock {@code @stomp/stompjs} client (the one apps of the original product use) against the
 * server: connect with the token in the header or in the URL, send with receipts, group topic,
 * revoke, rejections, read notices, a burst and a sync page (many frames per WebSocket message),
 * heart-beats; and the stock {@code sockjs-client} under it through each SockJS transport
 * (websocket, xhr-streaming, xhr-polling). Needs Node.js and npm on the PATH; the packages come from
 * the npm registry, pinned by package-lock.json. Without them the tests are skipped, except in CI
 * ({@code CI} set in the environment, as {@code .ci/run} does, or {@code -Dci=true}), where they
 * fail: a compatibility check that skips itself there would prove nothing.
 */
class StompJsIT {

    private static final Path SOURCE = Path.of("src/test/node");
    private static final Path WORK = Path.of("target/stompjs");

    @Test
    void the_stock_stompjs_client_works_as_with_the_original_server() throws Exception {
        requireNode();
        install();
        String alice = ItEnv.uid("js_alice");
        String bob = ItEnv.uid("js_bob");
        String group = ItEnv.uid("js_group");
        Admin.importUsers(alice, bob);
        Admin.createGroup(group, alice, bob);

        ProcessBuilder pb = new ProcessBuilder("node", "stompjs-session.mjs").directory(WORK.toFile())
                .redirectErrorStream(false);
        pb.environment().put("WS_URL", ItEnv.ws(null).toString());
        pb.environment().put("TOKEN_A", ItEnv.userSig(alice));
        pb.environment().put("TOKEN_B", ItEnv.userSig(bob));
        pb.environment().put("USER_A", alice);
        pb.environment().put("USER_B", bob);
        pb.environment().put("GROUP_ID", group);
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        JsonObject out;
        try (JsonReader r = Json.createReader(new StringReader(stdout.lines().reduce((a, b) -> b).orElse("{}")))) {
            out = r.readObject();
        }
        assertThat(out.getJsonArray("errors")).as("stompjs errors; stderr: " + stderr).isEmpty();

        assertThat(out.getString("subprotocol")).isEqualTo("v12.stomp");
        assertThat(out.getJsonObject("connectedA").getString("version")).isEqualTo("1.2");
        assertThat(out.getJsonObject("connectedA").getString("user-name")).isEqualTo(alice);

        JsonObject receipt = out.getJsonObject("sendReceipt");
        JsonObject delivered = out.getJsonObject("delivered").getJsonObject("body");
        assertThat(receipt.getString("im-message-id")).isEqualTo(delivered.getString("id"));
        assertThat(delivered.getString("content")).isEqualTo("Hello 你好");
        assertThat(delivered.getString("fromId")).isEqualTo(alice);
        assertThat(out.getJsonObject("delivered").getJsonObject("headers").getString("destination"))
                .isEqualTo("/user/queue/messages");

        assertThat(out.getJsonObject("group").getString("content")).isEqualTo("to the group");
        assertThat(out.getJsonObject("group").getString("toId")).isEqualTo(group);

        assertThat(out.getJsonObject("revoked").getString("status")).isEqualTo("REVOKED");
        assertThat(out.getJsonObject("revoked").getString("content")).isEmpty();
        assertThat(out.getJsonObject("revoked").getString("id")).isEqualTo(delivered.getString("id"));

        assertThat(out.getJsonObject("rejection").getInt("code")).isEqualTo(400);
        assertThat(out.getJsonObject("rejection").getString("error")).isEqualTo("VALIDATION_FAILED");

        assertThat(out.getJsonObject("read").getString("type")).isEqualTo("READ");
        assertThat(out.getJsonObject("read").getString("userId")).isEqualTo(bob);

        List<String> burst = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            burst.add("burst " + i);
        }
        assertThat(out.getJsonArray("burst").getValuesAs(JsonString::getString))
                .as("a burst of 80 sends arrives whole and in order").isEqualTo(burst);
        assertThat(out.getJsonObject("syncReceipt").getString("im-sync-more")).isEqualTo("false");
        assertThat(out.getJsonArray("synced").getValuesAs(JsonString::getString))
                .as("a second device's sync page, many frames per WebSocket message").isEqualTo(burst);

        assertThat(out.getBoolean("stillConnectedAfterHeartbeats")).isTrue();
    }

    @Test
    void the_stock_sockjs_client_with_stompjs_chats_through_each_sockjs_transport() throws Exception {
        requireNode();
        install();
        String alice = ItEnv.uid("sj_alice");
        String bob = ItEnv.uid("sj_bob");
        Admin.importUsers(alice, bob);

        ProcessBuilder pb = new ProcessBuilder("node", "sockjs-session.mjs").directory(WORK.toFile());
        pb.environment().put("HTTP_URL", ItEnv.http("/ws/im").toString());
        pb.environment().put("TOKEN_A", ItEnv.userSig(alice));
        pb.environment().put("TOKEN_B", ItEnv.userSig(bob));
        pb.environment().put("USER_A", alice);
        pb.environment().put("USER_B", bob);
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        JsonObject out;
        try (JsonReader r = Json.createReader(new StringReader(stdout.lines().reduce((a, b) -> b).orElse("{}")))) {
            out = r.readObject();
        }
        assertThat(out.getJsonArray("errors")).as("sockjs-client errors; stderr: " + stderr).isEmpty();
        for (String transport : List.of("websocket", "xhr-streaming", "xhr-polling")) {
            JsonObject t = out.getJsonObject("transports").getJsonObject(transport);
            assertThat(t.getString("transportA")).as("sockjs-client used " + transport).isEqualTo(transport);
            assertThat(t.getString("transportB")).isEqualTo(transport);
            assertThat(t.getString("userA")).isEqualTo(alice);
            assertThat(t.getString("userB")).as("the token on the SockJS URL").isEqualTo(bob);
            assertThat(t.getString("deliveredId")).isEqualTo(t.getString("receiptMessageId"));
            assertThat(t.getString("deliveredContent")).isEqualTo("over " + transport + " 你好");
            assertThat(t.getString("deliveredFrom")).isEqualTo(alice);
            List<String> burst = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                burst.add(transport + " burst " + i);
            }
            assertThat(t.getJsonArray("burst").getValuesAs(JsonString::getString)).as(transport + ": a burst, whole and in order")
                    .isEqualTo(burst);
            assertThat(t.getBoolean("stillConnected")).as(transport + ": still connected after 3 s of 1 s heart-beats").isTrue();
        }
    }

    /** Node.js and npm on the PATH: skipped without them, except in CI, where that fails the test. */
    private static void requireNode() {
        boolean present = onPath("node") && onPath("npm");
        if (!present && inCi()) {
            fail("Node.js and npm are needed for this test and CI is set: install them (.ci/run does, from Debian's packages)");
        }
        assumeTrue(present, "Node.js and npm are needed for this test");
    }

    private static boolean inCi() {
        String env = System.getenv("CI");
        return Boolean.getBoolean("ci")
                || (env != null && !env.isBlank() && !env.trim().toLowerCase(Locale.ROOT).equals("false"));
    }

    private static void install() throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        for (String f : List.of("package.json", "package-lock.json", "stompjs-session.mjs", "sockjs-session.mjs")) {
            Files.copy(SOURCE.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (Files.isDirectory(WORK.resolve("node_modules/@stomp/stompjs"))
                && Files.isDirectory(WORK.resolve("node_modules/sockjs-client"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(WORK.toFile())
                .redirectErrorStream(true).start();
        String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(npm.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(npm.exitValue()).as("npm ci: " + log).isZero();
    }

    private static boolean onPath(String command) {
        try {
            Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
