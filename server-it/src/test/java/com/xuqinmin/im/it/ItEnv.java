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

    public static int port() {
        return Integer.getInteger("it.http.port", 19080);
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
            // liberty:start returns when the server is up, which can be seconds before the application
            // has started and written the file: the first test to ask waits for it
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                try {
                    s = Files.exists(f) ? Files.readString(f).trim() : "";
                } catch (IOException e) {
                    throw new UncheckedIOException("the IT server's demo secret is not readable at " + f, e);
                }
                if (!s.isEmpty()) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the IT server's demo secret is not at " + f);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            secret = s;
        }
        return s;
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
