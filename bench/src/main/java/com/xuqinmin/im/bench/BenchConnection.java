package com.xuqinmin.im.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated user: a JDK WebSocket speaking STOMP. Sends are queued and written one WebSocket
 * message at a time (the JDK allows one outstanding send); frames that queued up meanwhile go out
 * together in one message, as STOMP allows.
 */
final class BenchConnection implements WebSocket.Listener {

    /** Gets every MESSAGE frame of this connection. */
    interface Deliveries {
        void onMessage(BenchConnection c, StompText.Frame f);
    }

    final String userId;
    final Map<String, Long> lastSeq = new ConcurrentHashMap<>();
    private final Stats stats;
    private final CompletableFuture<BenchConnection> connected = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Map<String, CompletableFuture<StompText.Frame>> receipts = new ConcurrentHashMap<>();
    private final AtomicLong receiptIds = new AtomicLong();
    private final StringBuilder partial = new StringBuilder();
    private final ArrayDeque<String> outbox = new ArrayDeque<>();
    private boolean sending;
    private volatile WebSocket ws;
    private volatile boolean closing;
    volatile Deliveries deliveries = (c, f) -> { };

    private BenchConnection(String userId, Stats stats) {
        this.userId = userId;
        this.stats = stats;
    }

    /** Opens the socket, sends CONNECT and completes once CONNECTED has arrived. */
    static CompletableFuture<BenchConnection> open(HttpClient http, URI uri, String userId, String token,
            String deviceId, Stats stats) {
        return open(http, uri, userId, token, deviceId, stats, null);
    }

    /** As above, with {@code early} (if not null) taking the deliveries from the start. */
    static CompletableFuture<BenchConnection> open(HttpClient http, URI uri, String userId, String token,
            String deviceId, Stats stats, Deliveries early) {
        BenchConnection c = new BenchConnection(userId, stats);
        if (early != null) {
            c.deliveries = early;
        }
        String connect = StompText.connect(token, deviceId);
        http.newWebSocketBuilder().subprotocols("v12.stomp").connectTimeout(Duration.ofSeconds(30))
                .buildAsync(uri, c)
                .whenComplete((ws, e) -> {
                    if (e != null) {
                        c.connected.completeExceptionally(e);
                    } else {
                        c.send(connect);
                    }
                });
        return c.connected;
    }

    /** A send the server refused with SERVER_BUSY: answered, nothing stored. */
    static final class Busy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Busy() {
            super("SERVER_BUSY", null, false, false);
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        this.ws = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            int pos = 0;
            while (pos >= 0 && pos < text.length()) {
                pos = StompText.parse(text, pos, this::handle);
            }
        }
        webSocket.request(1);
        return null;
    }

    private void handle(StompText.Frame f) {
        switch (f.command()) {
            case "CONNECTED" -> connected.complete(this);
            case "MESSAGE" -> {
                if ("/user/queue/errors".equals(f.header("destination"))) {
                    // SERVER_BUSY is the server's answer to overload, counted apart from other refusals
                    boolean busy = "SERVER_BUSY".equals(StompText.jsonString(f.body(), "error"));
                    stats.add(busy ? Stats.Count.BUSY : Stats.Count.REJECTIONS);
                    if (!busy) {
                        stats.note("rejection: " + f.body());
                    }
                    String receiptId = StompText.jsonString(f.body(), "receiptId");
                    CompletableFuture<StompText.Frame> r = receiptId == null ? null : receipts.remove(receiptId);
                    if (r != null) {
                        r.completeExceptionally(busy ? new Busy() : new IllegalStateException("refused: " + f.body()));
                    }
                } else {
                    deliveries.onMessage(this, f);
                }
            }
            case "RECEIPT" -> {
                CompletableFuture<StompText.Frame> r = receipts.remove(f.header("receipt-id"));
                if (r != null) {
                    r.complete(f);
                }
            }
            case "ERROR" -> {
                stats.add(Stats.Count.ERRORS);
                stats.note("ERROR " + f.headers() + " " + f.body());
                IllegalStateException e = new IllegalStateException("ERROR " + f.header("message"));
                connected.completeExceptionally(e);
                receipts.values().forEach(r -> r.completeExceptionally(e));
            }
            default -> { }
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed("closed " + statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed("socket error " + error);
    }

    private void closed(String why) {
        closed.complete(null);
        IllegalStateException e = new IllegalStateException(why);
        if (!connected.isDone()) {
            connected.completeExceptionally(e);
        } else if (!closing) {
            stats.add(Stats.Count.CLOSED);
            stats.note(userId + " " + why);
        }
        receipts.values().forEach(r -> r.completeExceptionally(e));
    }

    /** Whether the socket is still open (not closed by either side). */
    boolean isOpen() {
        return ws != null && !closed.isDone();
    }

    /** Queues one frame (or several frames in one string). */
    void send(String frames) {
        synchronized (outbox) {
            if (sending) {
                outbox.add(frames);
                return;
            }
            sending = true;
        }
        write(frames);
    }

    /** Sends a frame with a receipt header added; completes with the RECEIPT. */
    CompletableFuture<StompText.Frame> request(String command, String body, String... namesAndValues) {
        String id = "r" + receiptIds.incrementAndGet();
        CompletableFuture<StompText.Frame> f = new CompletableFuture<>();
        receipts.put(id, f);
        String[] all = java.util.Arrays.copyOf(namesAndValues, namesAndValues.length + 2);
        all[namesAndValues.length] = "receipt";
        all[namesAndValues.length + 1] = id;
        send(StompText.frame(command, body, all));
        return f;
    }

    CompletableFuture<StompText.Frame> subscribe(String id, String destination) {
        return subscribe(id, destination, "auto");
    }

    CompletableFuture<StompText.Frame> subscribe(String id, String destination, String ack) {
        return request("SUBSCRIBE", null, "id", id, "destination", destination, "ack", ack);
    }

    private void write(String text) {
        WebSocket w = ws;
        w.sendText(text, true).whenComplete((x, e) -> {
            if (e != null && !closing) {
                stats.add(Stats.Count.SEND_FAILURES);
                stats.note("send failed: " + e);
            }
            String next;
            synchronized (outbox) {
                if (outbox.isEmpty()) {
                    sending = false;
                    return;
                }
                if (outbox.size() == 1) {
                    next = outbox.poll();
                } else {
                    StringBuilder sb = new StringBuilder();
                    while (!outbox.isEmpty() && sb.length() < 32_000) {
                        sb.append(outbox.poll());
                    }
                    next = sb.toString();
                }
            }
            write(next);
        });
    }

    /**
     * Ends the session as a client should: DISCONNECT, and the server closes the socket. Closing from
     * the client side while the server still has deliveries queued parks a Liberty thread per socket
     * (WsocConnLink.waitToClose) until they are written: a burst of those stalled the server.
     * Aborts the socket if it is not closed within the timeout.
     */
    CompletableFuture<Boolean> disconnect(long timeoutSeconds) {
        closing = true;
        WebSocket w = ws;
        if (w == null || closed.isDone()) {
            return CompletableFuture.completedFuture(true);
        }
        send(StompText.frame("DISCONNECT", null, "receipt", "bye"));
        // true: the server closed in time (everything it wrote before was read); false: aborted, and
        // what it wrote last may be unread although the server counts it as received (PROTOCOL.md)
        return closed.thenApply(x -> true).completeOnTimeout(false, timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS)
                .whenComplete((x, e) -> w.abort());
    }
}
