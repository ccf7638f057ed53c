package com.xuqinmin.im.it;

import com.xuqinmin.im.auth.UserSig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * Where the integration-test server runs and how to act as the demo app's back-end: the port comes
 * from failsafe ({@code it.http.port}), the demo AppSecret from the file the server wrote at its
 * first start in its data folder ({@code it.data.dir}).
 */
public final class ItEnv {

    public static final String APP_KEY = "ak_demo_chat";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile String secret;

    private ItEnv() {
    }

    private static final ThreadLocal<Integer> PORT = new ThreadLocal<>();

    private static volatile boolean ready;

    public static int port() {
        Integer p = PORT.get();
        if (p != null) {
            return p;
        }
        int port = Integer.getInteger("it.http.port", 19080);
        if (!ready) {
            awaitReady(port);
        }
        return port;
    }

    /**
     * The build starts Liberty, but not necessarily the application (it is copied in, not deployed
     * by the plugin, which therefore does not wait for it): the first test waits for /health/ready.
     */
    private static synchronized void awaitReady(int port) {
        if (ready) {
            return;
        }
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            try {
                int status = http.send(java.net.http.HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/health/ready"))
                        .timeout(java.time.Duration.ofSeconds(10)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    ready = true;
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the IT server on port " + port + " is not ready after 180 s");
    }

    /**
     * Runs {@code work} with this thread's helpers (Admin, Http, StompClient.open) pointed at the
     * server on {@code port}: the cluster tests talk to two nodes.
     */
    public static <T> T on(int port, java.util.function.Supplier<T> work) {
        Integer before = PORT.get();
        PORT.set(port);
        try {
            return work.get();
        } finally {
            if (before == null) {
                PORT.remove();
            } else {
                PORT.set(before);
            }
        }
    }

    public static URI http(String path) {
        return URI.create("http://localhost:" + port() + path);
    }

    public static URI ws(String query) {
        return URI.create("ws://localhost:" + port() + "/ws/im" + (query == null ? "" : "?" + query));
    }

    public static String secret() {
        String s = secret;
        if (s == null) {
            Path f = Path.of(System.getProperty("it.data.dir", "target/liberty/wlp/usr/servers/imTest/data"))
                    .resolve("demo-app-secret");
            awaitApplication(f);
            try {
                s = Files.readString(f).trim();
            } catch (IOException e) {
                throw new UncheckedIOException("the IT server's demo secret is not at " + f, e);
            }
            secret = s;
        }
        return s;
    }

    /**
     * Liberty reports itself started before the application has finished starting (on busy machines by
     * many seconds); the demo secret and a JWKS answer show that it has.
     */
    private static void awaitApplication(Path secretFile) {
        long deadline = System.currentTimeMillis() + 180_000;
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(secretFile)) {
                try {
                    var r = http.send(java.net.http.HttpRequest.newBuilder(http("/api/im/auth/jwks")).build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A fresh id, so tests never collide with each other or with earlier runs on the same database. */
    public static String uid(String prefix) {
        byte[] b = new byte[5];
        RANDOM.nextBytes(b);
        return prefix + "_" + HexFormat.of().formatHex(b);
    }

    /** A userSig for the demo app, valid for an hour. */
    public static String userSig(String userId) {
        return UserSig.mint(APP_KEY, secret(), userId, System.currentTimeMillis() / 1000, 3600);
    }
}
