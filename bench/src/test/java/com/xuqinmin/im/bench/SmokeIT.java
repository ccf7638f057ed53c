package com.xuqinmin.im.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keeps the load generator working: a few seconds of every scenario with a few users against the
 * build's own server. It checks counts only (nothing lost, no errors), never a time.
 */
class SmokeIT {

    private static Map<String, Object> run(String... scenario) throws Exception {
        List<String> args = new ArrayList<>(List.of("--ports", System.getProperty("bench.http.port", "19180"),
                "--secret-file", System.getProperty("bench.data.dir") + "/demo-app-secret",
                "--warmup", "1", "--duration", "2", "--drain", "20", "--label", "smoke"));
        args.addAll(List.of(scenario));
        Map<String, Object> r = LoadGen.run(Options.parse(args.toArray(String[]::new)));
        assertTrue(Boolean.TRUE.equals(r.get("ok")), () -> "not clean: " + r);
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

    @Test
    void mixed() throws Exception {
        run("--scenario", "mixed", "--users", "20", "--group-size", "5", "--rate", "40", "--group-rate", "5");
    }
}
