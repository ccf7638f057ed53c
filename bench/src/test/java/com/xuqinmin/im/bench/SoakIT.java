package com.xuqinmin.im.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A short soak (two minutes; {@code -Psoak}, not in the default build) against the build's own
 * server: random single pairs, a group, and users that leave and come back on the same device,
 * with the server's live heap, open files and threads sampled every 10 s. It fails on anything
 * lost or refused, and on open files that grew: at the end every user is back, so the server holds
 * the sockets it held at the start and no more. Never a time.
 */
class SoakIT {

    @Test
    void a_soak_loses_nothing_and_leaves_no_files_open() throws Exception {
        SmokeIT.awaitServer();
        int seconds = Integer.getInteger("bench.soak.seconds", 120);
        Path out = Path.of(System.getProperty("bench.soak.out", "target/soak/results.jsonl"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Map<String, Object> r = LoadGen.run(Options.parse("--ports", System.getProperty("bench.http.port", "19280"),
                "--secret-file", System.getProperty("bench.data.dir") + "/demo-app-secret",
                "--scenario", "soak", "--users", "40", "--group-size", "10", "--rate", "100", "--group-rate", "2",
                "--reconnecting", "10", "--cycle", "20", "--offline", "5", "--sample", "10",
                "--warmup", "10", "--duration", Integer.toString(seconds - 10), "--drain", "30",
                "--server-pid-file", System.getProperty("bench.server.pid.file"), "--label", "soak/1",
                "--out", out.toString()));
        assertTrue(Boolean.TRUE.equals(r.get("ok")), () -> "not clean: " + r);
        assertEquals(0L, r.get("lost"), () -> "lost: " + r);
        assertTrue(((Number) r.get("reconnects")).longValue() >= 10, () -> "every reconnecting user came back: " + r);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> samples = (List<Map<String, Object>>) r.get("samples");
        assertTrue(samples.size() >= seconds / 10, () -> "a sample every 10 s: " + samples);
        Number fdsStart = (Number) r.get("fdsStart");
        Number fdsEnd = (Number) r.get("fdsEnd");
        assertNotNull(fdsStart, () -> "the server's open files could not be read: " + samples);
        assertNotNull(fdsEnd, () -> "the server's open files could not be read: " + samples);
        assertTrue(fdsEnd.longValue() <= fdsStart.longValue() + 32,
                () -> "open files grew from " + fdsStart + " to " + fdsEnd + ": " + samples);
        assertNotNull(r.get("heapMbEnd"), () -> "the server's live heap could not be read: " + samples);
    }
}
