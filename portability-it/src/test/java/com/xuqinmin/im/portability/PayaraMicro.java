package com.xuqinmin.im.portability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Payara Micro run as a separate process with the WAR as it ships: what Liberty's server.xml gives
 * the application comes from elsewhere here (docs/deployment.md, "Another Jakarta EE server") — the
 * {@code jdbc/im} data source from a post-boot command file with the H2 driver added as a library,
 * the MicroProfile JWT settings from environment variables, the data folder from {@code IM_DATA_DIR}.
 * Every start is on a fresh database and data folder; {@link #close()} stops the process, and a
 * shutdown hook does if the test JVM ends first.
 */
final class PayaraMicro implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

    private final Process process;
    private final Path log;
    private final Thread stopOnExit;

    private PayaraMicro(Process process, Path log) {
        this.process = process;
        this.log = log;
        // a JVM that ends without calling close() (a crash of the test run) must not leave Payara running
        this.stopOnExit = new Thread(process::destroyForcibly, "stop-payara-micro");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * Starts Payara Micro from {@code dir} (payara-micro.jar, xuqm-im.war, h2.jar) on this port, with
     * the Liberty ITs' test settings from {@code settings} (a server.env: heart-beats, revoke window),
     * and waits until the app answers.
     */
    static PayaraMicro start(Path dir, int port, Path settings) throws IOException, InterruptedException {
        Path data = dir.resolve("data");
        Path root = dir.resolve("root");
        deleteTree(data);
        deleteTree(root);
        Files.createDirectories(data);

        // the data source the WAR looks up as jdbc/im; the password is made up for this run's database
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        String h2Url = "jdbc\\:h2\\:" + data.resolve("h2/im").toAbsolutePath().toString().replace(":", "\\:");
        Path postBoot = dir.resolve("post-boot-commands.asadmin");
        Files.writeString(postBoot, String.join("\n",
                "create-jdbc-connection-pool --datasourceclassname org.h2.jdbcx.JdbcDataSource"
                        + " --restype javax.sql.DataSource --property url=" + h2Url + ":user=im:password=" + password
                        + " imPool",
                "create-jdbc-resource --connectionpoolid imPool jdbc/im",
                ""), StandardCharsets.UTF_8);

        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", dir.resolve("payara-micro.jar").toString(),
                "--nocluster",
                "--port", Integer.toString(port),
                "--rootdir", root.toString(),
                "--addlibs", dir.resolve("h2.jar").toString(),
                "--postbootcommandfile", postBoot.toString(),
                "--deploy", dir.resolve("xuqm-im.war").toString(),
                "--contextroot", "/"));
        Path log = dir.resolve("payara.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        for (String line : Files.readAllLines(settings, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (!line.isBlank() && !line.startsWith("#") && eq > 0) {
                pb.environment().put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        pb.environment().put("IM_DATA_DIR", data.toString());
        // MicroProfile JWT for the IM client API: Liberty has this in its <mpJwt> element
        pb.environment().put("MP_JWT_VERIFY_ISSUER", "xuqm-im");
        pb.environment().put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "http://localhost:" + port + "/api/im/auth/jwks");
        pb.environment().put("MP_JWT_VERIFY_CLOCK_SKEW", "60");
        PayaraMicro server = new PayaraMicro(pb.start(), log);
        try {
            server.awaitReady(port);
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitReady(int port) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/im/auth/jwks"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet, or still deploying
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the WAR did not answer on Payara Micro within " + START_TIMEOUT + ":\n" + logTail());
    }

    /** The end of the server's log, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing left to stop
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
