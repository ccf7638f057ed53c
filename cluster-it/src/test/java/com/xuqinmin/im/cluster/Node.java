package com.xuqinmin.im.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Liberty server of the test cluster, run by the test itself ({@code server run}) so that it can
 * be stopped cleanly, killed with SIGKILL, and started again with other settings.
 */
final class Node {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    final String name;
    final int port;
    private final int httpsPort;
    private final Path wlp;
    private final Path log;
    private Process process;

    Node(String name, int port, int httpsPort) {
        this.name = name;
        this.port = port;
        this.httpsPort = httpsPort;
        this.wlp = Path.of(System.getProperty("cluster.wlp"));
        this.log = Path.of(System.getProperty("cluster.logs", "target/cluster-logs")).resolve(name + ".log");
    }

    /** Starts the server with these environment variables, and waits until it is ready. */
    void start(Map<String, String> env) {
        try {
            Files.createDirectories(log.getParent());
            Path dir = wlp.resolve("usr/servers").resolve(name);
            Files.writeString(dir.resolve("bootstrap.properties"),
                    "default.http.port=" + port + "\ndefault.https.port=" + httpsPort + "\n");
            ProcessBuilder pb = new ProcessBuilder(wlp.resolve("bin/server").toString(), "run", name)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady(Duration.ofSeconds(240));
    }

    /** Polls {@code /health/ready} until it answers 200. */
    void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + "; see " + log);
            }
            last = health("/health/ready");
            if (last == 200) {
                return;
            }
            sleep(500);
        }
        throw new AssertionError(name + " not ready after " + timeout + " (last /health/ready: " + last + "); see " + log);
    }

    /** The HTTP status of a health endpoint, or -1 when the node does not answer. */
    int health(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The server's own log (messages.log: INFO and above), which the console output leaves out. */
    Path messagesLog() {
        return wlp.resolve("usr/servers").resolve(name).resolve("logs/messages.log");
    }

    /** SIGKILL to the server and anything it started: no shutdown hook runs. */
    void kill() {
        if (process == null) {
            return;
        }
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitFor();
    }

    /** A clean stop ({@code server stop}), then SIGKILL if it takes more than a minute. */
    void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            new ProcessBuilder(wlp.resolve("bin/server").toString(), "stop", name)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start().waitFor(90, TimeUnit.SECONDS);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (IOException e) {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    private void waitFor() {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return name + ":" + port;
    }
}
