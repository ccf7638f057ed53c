package com.xuqinmin.im.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the load generator working: a few seconds of every scenario with a few users against the
 * build's own server. It checks counts only (nothing lost, no errors), never a time.
 */
class SmokeIT {

    /** Liberty reports "started" before the application has made its demo app on a busy machine. */
    @BeforeAll
    static void awaitServer() throws Exception {
        Path secret = Path.of(System.getProperty("bench.data.dir"), "demo-app-secret");
        HttpClient http = HttpClient.newHttpClient();
        URI jwks = URI.create("http://127.0.0.1:" + System.getProperty("bench.http.port", "19280") + "/api/im/auth/jwks");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline) {
            try {
                if (Files.exists(secret)
                        && http.send(HttpRequest.newBuilder(jwks).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            TimeUnit.SECONDS.sleep(1);
        }
        throw new IllegalStateException("the bench server did not start its application");
    }

    private static Map<String, Object> run(String... scenario) throws Exception {
        List<String> args = new ArrayList<>(List.of("--ports", System.getProperty("bench.http.port", "19280"),
                "--secret-file", System.getProperty("bench.data.dir") + "/demo-app-secret",
                "--warmup", "1", "--duration", "2", "--drain", "20", "--label", "smoke"));
        args.addAll(List.of(scenario));
        Map<String, Object> r = LoadGen.run(Options.parse(args.toArray(String[]::new)));
        assertTrue(Boolean.TRUE.equals(r.get("ok")), () -> "not clean: " + r);
        if (!"overload".equals(scenario[1])) {
            assertEquals(0L, r.get("busy"), () -> "refused as busy at a rate far below saturation: " + r);
        }
        return r;
    }

    @Test
    void idle() throws Exception {
        Map<String, Object> r = run("--scenario", "idle", "--users", "30", "--steps", "10,30", "--hold", "1",
                "--hosts", "127.0.0.1,127.0.0.2");
        assertEquals(30, r.get("connected"));
    }

    @Test
    void single() throws Exception {
        Map<String, Object> r = run("--scenario", "single", "--users", "10", "--rate", "50");
        assertTrue((Long) r.get("delivered") >= 100);
    }

    /**
     * Far more than two cores can store: the server's lanes refuse what they cannot queue with
     * SERVER_BUSY, and every send is answered (RECEIPT or SERVER_BUSY) with nothing lost.
     */
    @Test
    void overload() throws Exception {
        Map<String, Object> r = run("--scenario", "overload", "--users", "20", "--rate", "20000");
        assertEquals(0L, r.get("lost"));
        assertEquals(0L, r.get("unanswered"));
    }

    @Test
    void group() throws Exception {
        Map<String, Object> r = run("--scenario", "group", "--group-size", "10", "--rate", "10");
        assertTrue((Long) r.get("delivered") >= 300);
    }

    @Test
    void sync() throws Exception {
        Map<String, Object> r = run("--scenario", "sync", "--backlog", "600", "--senders", "3");
        assertEquals(600L, r.get("delivered"));
        assertEquals(2, r.get("syncPages"));
    }

    /**
     * The cold scenario's bookkeeping, without the restart and the stored history run.sh gives it:
     * a second of the series per second from the first connection to the last send, and every
     * answered send in one of them.
     */
    @Test
    void cold() throws Exception {
        Map<String, Object> r = run("--scenario", "cold", "--users", "10", "--rate", "50", "--warmup", "0",
                "--user-prefix", "smokecold" + System.nanoTime() % 100_000);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> series = (List<Map<String, Object>>) r.get("series");
        assertTrue(series.size() >= 2, () -> "one entry per second: " + series);
        long counted = series.stream().mapToLong(s -> ((Number) s.get("n")).longValue()).sum();
        assertEquals(r.get("receipts"), counted, () -> "every receipt in a second of the series: " + r);
    }

    @Test
    void mixed() throws Exception {
        run("--scenario", "mixed", "--users", "20", "--group-size", "5", "--rate", "40", "--group-rate", "5");
    }
}
