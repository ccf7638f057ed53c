package com.xuqinmin.im.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.xuqinmin.im.sdk.Webhooks;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A tenant's back-end for the webhook tests: the JDK's HTTP server on 127.0.0.1, which checks every
 * delivery's signature with the SDK's {@link Webhooks#verify} (as a tenant would) and records it,
 * and answers as the test says.
 */
public final class TenantBackend implements AutoCloseable {

    /** A delivery as received: its headers, its body, and whether its signature verified. */
    public record Delivery(String event, String eventId, String timestamp, String signature, String body,
            boolean verified, String path) {
        public JsonObject json() {
            try (JsonReader r = Json.createReader(new StringReader(body))) {
                return r.readObject();
            }
        }
    }

    /** What to answer: a status and a body; {@code hang} holds the answer back that long first. */
    public record Answer(int status, String body, Duration hang) {
        public static Answer ok(String body) {
            return new Answer(200, body, Duration.ZERO);
        }
    }

    private final HttpServer server;
    private final String secret;
    private final List<Delivery> received = new CopyOnWriteArrayList<>();
    private volatile Function<Delivery, Answer> answers = d -> Answer.ok("{\"action\":\"allow\"}");

    public TenantBackend(String appSecret) {
        this.secret = appSecret;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/im-hook";
    }

    public TenantBackend answering(Function<Delivery, Answer> a) {
        this.answers = a;
        return this;
    }

    public List<Delivery> received() {
        return List.copyOf(received);
    }

    public List<Delivery> received(String event) {
        return received.stream().filter(d -> event.equals(d.event())).toList();
    }

    /** Waits until a delivery matching {@code p} has arrived, and returns it. */
    public Delivery await(Predicate<Delivery> p, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            for (Delivery d : received) {
                if (p.test(d)) {
                    return d;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no such delivery within " + wait + "; received: " + received);
    }

    private void handle(HttpExchange x) throws IOException {
        byte[] body = x.getRequestBody().readAllBytes();
        String ts = x.getRequestHeaders().getFirst("X-IM-Timestamp");
        String sig = x.getRequestHeaders().getFirst("X-IM-Signature");
        Delivery d = new Delivery(x.getRequestHeaders().getFirst("X-IM-Event"),
                x.getRequestHeaders().getFirst("X-IM-Event-Id"), ts, sig, new String(body, StandardCharsets.UTF_8),
                Webhooks.verify(secret, ts, body, sig), x.getRequestURI().getPath());
        received.add(d);
        Answer a = answers.apply(d);
        try {
            if (!a.hang().isZero()) {
                TimeUnit.MILLISECONDS.sleep(a.hang().toMillis());
            }
            byte[] out = a.body() == null ? new byte[0] : a.body().getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                x.getResponseBody().write(out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException gone) {
            // the server gave up waiting and closed the connection: what a slow back-end sees
        } finally {
            x.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
