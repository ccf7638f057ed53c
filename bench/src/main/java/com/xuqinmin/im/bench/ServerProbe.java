package com.xuqinmin.im.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the soak reads from the server at each sample. From the server's process, when its pid file
 * is given (a server on this machine): the live heap after a full collection (the total of
 * {@code jcmd GC.class_histogram}, which collects first and counts live objects only, with any
 * collector), the open file descriptors ({@code /proc/PID/fd}) and the threads. From its
 * {@code /metrics} (MicroProfile Metrics): the WebSocket connections it holds ({@code im_connections})
 * and its thread count. A value that cannot be read is left out of the sample.
 */
final class ServerProbe {

    private final Path pidFile;
    private final String jcmd;
    private final URI metrics;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code pidFile}: null for a server elsewhere (then only /metrics is read). */
    ServerProbe(Path pidFile, String jcmd, String httpBase) {
        this.pidFile = pidFile;
        this.jcmd = jcmd;
        this.metrics = URI.create(httpBase + "/metrics");
    }

    Map<String, Object> sample() {
        Map<String, Object> s = new LinkedHashMap<>();
        Long pid = pid();
        if (pid != null) {
            Long live = liveHeapBytes(pid);
            if (live != null) {
                s.put("heapMb", Math.round(live / 1e5) / 10.0);
            }
            try (Stream<Path> fds = Files.list(Path.of("/proc", pid.toString(), "fd"))) {
                s.put("fds", fds.count());
            } catch (IOException | RuntimeException e) {
                // not Linux, or not ours to read
            }
            Long threads = procStatus(pid, "Threads:");
            if (threads != null) {
                s.put("threads", threads);
            }
        }
        Map<String, Double> m = metrics();
        if (m.containsKey("im_connections")) {
            s.put("connections", m.get("im_connections").longValue());
        }
        if (!s.containsKey("threads") && m.containsKey("thread_count")) {
            s.put("threads", m.get("thread_count").longValue());
        }
        return s;
    }

    private Long pid() {
        if (pidFile == null) {
            return null;
        }
        try {
            return Long.parseLong(Files.readString(pidFile).strip());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** The "Total" line of a class histogram: its third column is the bytes of every live object. */
    private Long liveHeapBytes(long pid) {
        try {
            Process p = new ProcessBuilder(jcmd, Long.toString(pid), "GC.class_histogram")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            for (String line : out.split("\n")) {
                String[] cols = line.strip().split("\\s+");
                if (cols.length >= 3 && cols[0].equals("Total")) {
                    return Long.parseLong(cols[2]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no jcmd, or it could not attach
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private static Long procStatus(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return null;
    }

    /** The unlabelled value of each metric of the Prometheus text (the first line of each name). */
    private Map<String, Double> metrics() {
        Map<String, Double> out = new LinkedHashMap<>();
        try {
            String text = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int brace = line.indexOf('{');
                int space = line.lastIndexOf(' ');
                if (space <= 0) {
                    continue;
                }
                String name = line.substring(0, brace > 0 && brace < space ? brace : line.indexOf(' '));
                try {
                    out.putIfAbsent(name, Double.parseDouble(line.substring(space + 1)));
                } catch (NumberFormatException e) {
                    // a value we do not read
                }
            }
        } catch (IOException e) {
            // the metrics are extra: the sample goes on without them
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }
}
