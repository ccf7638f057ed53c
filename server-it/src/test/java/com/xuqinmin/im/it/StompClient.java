package com.xuqinmin.im.it;

import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import com.xuqinmin.im.stomp.StompEncoder;
import com.xuqinmin.im.stomp.StompLimits;
import com.xuqinmin.im.stomp.StompParser;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real STOMP client for the tests: the JDK's WebSocket client, the project's own parser on the
 * receiving side, and raw text or binary on the sending side so tests can send exactly the bytes
 * they mean. Received frames queue up; tests wait for the ones they expect.
 */
public final class StompClient implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final WebSocket ws;
    private final LinkedBlockingDeque<Frame> frames = new LinkedBlockingDeque<>();
    private final List<String> raw = new CopyOnWriteArrayList<>();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private final CompletableFuture<Integer> closed;
    private final String subprotocol;
    private volatile ScheduledExecutorService heartbeatSender;
    private volatile boolean connected;
    private final Object sendLock = new Object();

    private StompClient(WebSocket ws, CompletableFuture<Integer> closed) {
        this.ws = ws;
        this.closed = closed;
        this.subprotocol = ws.getSubprotocol();
    }

    /** Opens a WebSocket to /ws/im with {@code ?token=} when given, offering v12.stomp. */
    public static StompClient open(String token) {
        return open(ItEnv.ws(token == null ? null : "token=" + token), "v12.stomp");
    }

    public static StompClient open(URI uri, String... subprotocols) {
        Listener l = new Listener();
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (subprotocols.length > 0) {
            b.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        try {
            WebSocket ws = b.buildAsync(uri, l).get(10, TimeUnit.SECONDS);
            return l.attach(new StompClient(ws, l.closed));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                throw new HandshakeRefused(h.getResponse().statusCode());
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Thrown by {@link #open} when the server answers the handshake with an HTTP error. */
    public static final class HandshakeRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final int status;

        HandshakeRefused(int status) {
            super("HTTP " + status);
            this.status = status;
        }
    }

    /** Opens and sends CONNECT with the token in the Authorization header; waits for CONNECTED. */
    public static StompClient connect(String token) {
        return connect(token, "default");
    }

    public static StompClient connect(String token, String deviceId) {
        StompClient c = open(null);
        c.sendText("CONNECT\naccept-version:1.2\nheart-beat:0,0\nhost:localhost\nAuthorization:Bearer " + token
                + "\ndevice-id:" + deviceId + "\n\n\0");
        Frame f = c.next();
        if (f.command() != Command.CONNECTED) {
            throw new AssertionError("expected CONNECTED, got " + f + " " + f.bodyText());
        }
        c.connected = true;
        return c;
    }

    public String subprotocol() {
        return subprotocol;
    }

    // ---------------------------------------------------------------- sending

    /** Sends one text WebSocket message (the JDK allows one send at a time, so sends are serialised). */
    public StompClient sendText(String text) {
        synchronized (sendLock) {
            ws.sendText(text, true).join();
        }
        return this;
    }

    /** Sends one binary WebSocket message. */
    public StompClient sendBinary(byte[] bytes) {
        synchronized (sendLock) {
            ws.sendBinary(ByteBuffer.wrap(bytes), true).join();
        }
        return this;
    }

    public StompClient send(Frame f) {
        return sendText(StompEncoder.encodeText(f));
    }

    public StompClient subscribe(String id, String destination) {
        return subscribe(id, destination, "auto");
    }

    /** SUBSCRIBE with a receipt, and waits for the RECEIPT. */
    public StompClient subscribe(String id, String destination, String ack) {
        String receipt = "sub-" + id;
        send(Frame.builder(Command.SUBSCRIBE).header("id", id).header("destination", destination)
                .header("ack", ack).header("receipt", receipt).build());
        awaitReceipt(receipt);
        return this;
    }

    /** SEND of a JSON body to a destination with a receipt header; returns without waiting. */
    public StompClient sendJson(String destination, String json, String receipt) {
        return send(Frame.builder(Command.SEND).header("destination", destination)
                .header("content-type", "application/json").header("receipt", receipt).body(json).build());
    }

    /** chat.send of a text message; waits for and returns its RECEIPT. */
    public Frame chat(String toId, String chatType, String content, String messageId) {
        chatNoWait(toId, chatType, content, messageId);
        return awaitReceipt("r-" + messageId);
    }

    /** chat.send of a text message with receipt {@code r-{messageId}}; returns without waiting. */
    public StompClient chatNoWait(String toId, String chatType, String content, String messageId) {
        return sendJson("/app/chat.send", chatBody(toId, chatType, content, messageId), "r-" + messageId);
    }

    /** The JSON of a chat.send of a text message (content must need no JSON escaping). */
    public static String chatBody(String toId, String chatType, String content, String messageId) {
        return "{\"appKey\":\"" + ItEnv.APP_KEY + "\",\"messageId\":\"" + messageId
                + "\",\"toId\":\"" + toId + "\",\"chatType\":\"" + chatType + "\",\"msgType\":\"TEXT\",\"content\":\""
                + content + "\"}";
    }

    /** chat.revoke of a message (server id or own client id) with a receipt; returns without waiting. */
    public StompClient revoke(String messageId, String receipt) {
        return sendJson("/app/chat.revoke", "{\"appKey\":\"" + ItEnv.APP_KEY + "\",\"messageId\":\"" + messageId + "\"}",
                receipt);
    }

    /** chat.sync (with {@code limit} when not null) with a receipt; returns without waiting. */
    public StompClient sync(Integer limit, String receipt) {
        return sendJson("/app/chat.sync", "{\"appKey\":\"" + ItEnv.APP_KEY + "\""
                + (limit == null ? "" : ",\"limit\":" + limit) + "}", receipt);
    }

    /** chat.read of a conversation up to a seq with a receipt; returns without waiting. */
    public StompClient read(String conversationId, long seq, String receipt) {
        return sendJson("/app/chat.read", "{\"appKey\":\"" + ItEnv.APP_KEY + "\",\"conversationId\":\""
                + conversationId + "\",\"seq\":" + seq + "}", receipt);
    }

    /**
     * Sends {@code count} text messages, paced at {@code perSecond} (under the server's SEND rate),
     * each with receipt {@code r-{prefix}-{i}}, without waiting for the receipts.
     */
    public StompClient chatPaced(String toId, String chatType, String prefix, int count, double perSecond) {
        long start = System.nanoTime();
        long step = (long) (1_000_000_000L / perSecond);
        for (int i = 0; i < count; i++) {
            long due = start + i * step;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            chatNoWait(toId, chatType, prefix + "-" + i, prefix + "-" + i);
        }
        return this;
    }

    public StompClient ack(String id, String receipt) {
        return send(Frame.builder(Command.ACK).header("id", id).header("receipt", receipt).build());
    }

    public StompClient nack(String id, String receipt) {
        return send(Frame.builder(Command.NACK).header("id", id).header("receipt", receipt).build());
    }

    // ---------------------------------------------------------------- receiving

    /** The next frame of any kind. */
    public Frame next() {
        return next(WAIT);
    }

    public Frame next(Duration wait) {
        try {
            Frame f = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (f == null) {
                throw new AssertionError("no frame within " + wait);
            }
            return f;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the first frame matching, keeping the others queued in order. */
    public Frame await(Predicate<Frame> p) {
        return await(p, WAIT);
    }

    public Frame await(Predicate<Frame> p, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<Frame> skipped = new ArrayList<>();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                Frame f = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
                if (f == null) {
                    throw new AssertionError("no matching frame within " + wait + "; got " + skipped);
                }
                if (p.test(f)) {
                    return f;
                }
                skipped.add(f);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            for (int i = skipped.size() - 1; i >= 0; i--) {
                frames.addFirst(skipped.get(i));
            }
        }
    }

    /** Asserts that no matching frame arrives within {@code wait}. */
    public void expectNone(Predicate<Frame> p, Duration wait) {
        Frame f;
        try {
            f = await(p, wait);
        } catch (AssertionError expected) {
            return;
        }
        throw new AssertionError("unexpected frame " + f + " " + f.bodyText());
    }

    /**
     * Takes the first {@code count} frames matching {@code p}, in arrival order, keeping the others
     * queued; fails when fewer arrive within {@code wait}. Linear in the frames seen, for bulk tests.
     */
    public List<Frame> collect(Predicate<Frame> p, int count, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<Frame> out = new ArrayList<>(count);
        List<Frame> skipped = new ArrayList<>();
        try {
            while (out.size() < count) {
                long left = deadline - System.nanoTime();
                Frame f = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
                if (f == null) {
                    throw new AssertionError("only " + out.size() + " of " + count + " matching frames within " + wait
                            + (out.isEmpty() ? "" : "; last " + out.get(out.size() - 1)) + "; others: "
                            + skipped.subList(0, Math.min(5, skipped.size())));
                }
                if (p.test(f)) {
                    out.add(f);
                } else {
                    skipped.add(f);
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            for (int i = skipped.size() - 1; i >= 0; i--) {
                frames.addFirst(skipped.get(i));
            }
        }
    }

    /** MESSAGE frames on a destination, up to and including the RECEIPT {@code receiptId} (for sync). */
    public List<Frame> messagesUntilReceipt(String destination, String receiptId, Duration wait) {
        List<Frame> out = new ArrayList<>();
        Frame f;
        do {
            f = await(x -> (x.command() == Command.MESSAGE && destination.equals(x.header("destination")))
                    || (x.command() == Command.RECEIPT && receiptId.equals(x.header("receipt-id"))), wait);
            out.add(f);
        } while (f.command() != Command.RECEIPT);
        return out;
    }

    /** The next rejection on {@code /user/queue/errors} (needs a subscription to it). */
    public JsonObject awaitRejection() {
        return awaitMessage("/user/queue/errors");
    }

    public Frame awaitReceipt(String receiptId) {
        return await(f -> f.command() == Command.RECEIPT && receiptId.equals(f.header("receipt-id")));
    }

    public Frame awaitError() {
        return await(f -> f.command() == Command.ERROR);
    }

    /** The next MESSAGE on a destination, with its JSON body. */
    public JsonObject awaitMessage(String destination) {
        return json(await(f -> f.command() == Command.MESSAGE && destination.equals(f.header("destination"))));
    }

    public JsonObject awaitMessage(String destination, Predicate<JsonObject> p) {
        return json(await(f -> f.command() == Command.MESSAGE && destination.equals(f.header("destination"))
                && p.test(json(f))));
    }

    public List<Frame> drain() {
        List<Frame> out = new ArrayList<>();
        frames.drainTo(out);
        return out;
    }

    public int heartbeats() {
        return heartbeats.get();
    }

    /**
     * Every frame received so far, as its text (binary messages decoded as UTF-8), in order: for
     * tests that compare the exact bytes the server wrote. A WebSocket message that holds several
     * frames (the server batches frames that queue up) is cut after each NUL; a heart-beat is "\n".
     */
    public List<String> raw() {
        return List.copyOf(raw);
    }

    /** Sends a heart-beat (a bare EOL) every {@code every} until the client is closed. */
    public StompClient sendHeartbeatsEvery(Duration every) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "it-heartbeats");
            t.setDaemon(true);
            return t;
        });
        heartbeatSender = s;
        s.scheduleAtFixedRate(() -> {
            try {
                sendText("\n");
            } catch (RuntimeException e) {
                s.shutdown();
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Stops the heart-beats started by {@link #sendHeartbeatsEvery}. */
    public void stopHeartbeats() {
        ScheduledExecutorService s = heartbeatSender;
        if (s != null) {
            s.shutdownNow();
        }
    }

    public static JsonObject json(Frame f) {
        try (JsonReader r = Json.createReader(new StringReader(f.bodyText()))) {
            return r.readObject();
        }
    }

    /** The close code the server sent, waiting for it. */
    public int awaitClose() {
        return awaitClose(WAIT);
    }

    public int awaitClose(Duration wait) {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return -1;
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("not closed within " + wait);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /**
     * Leaves as {@code @stomp/stompjs}'s {@code deactivate()} does: DISCONNECT with a receipt, then
     * waits for the server to answer and close, so nothing sent meanwhile counts as received by a
     * client that is gone. A session that never connected, or does not answer, is dropped.
     */
    @Override
    public void close() {
        stopHeartbeats();
        if (connected && !closed.isDone()) {
            try {
                sendText("DISCONNECT\nreceipt:bye\n\n\0");
                closed.get(5, TimeUnit.SECONDS);
            } catch (CompletionException | IllegalStateException | ExecutionException | TimeoutException e) {
                // already going away, or not answering: drop it below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dropSocket();
    }

    /** Closes the socket at once, as a client whose network went away. */
    private void dropSocket() {
        if (!closed.isDone()) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
            } catch (CompletionException | IllegalStateException e) {
                // already going away
            }
            ws.abort();
        }
    }

    private static final class Listener implements WebSocket.Listener {
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StompParser parser = new StompParser(new StompLimits(1 << 24, 1000));
        private final StringBuilder text = new StringBuilder();
        private volatile StompClient client;
        private final List<Frame> early = new ArrayList<>();

        private final List<String> earlyRaw = new ArrayList<>();

        StompClient attach(StompClient c) {
            synchronized (this) {
                client = c;
                c.raw.addAll(earlyRaw);
                c.frames.addAll(early);
                early.clear();
                earlyRaw.clear();
            }
            return c;
        }

        private synchronized void record(String message) {
            List<String> to = client == null ? earlyRaw : client.raw;
            int from = 0;
            for (int nul = message.indexOf('\0'); nul >= 0; nul = message.indexOf('\0', from)) {
                to.add(message.substring(from, nul + 1));
                from = nul + 1;
            }
            if (from < message.length()) {
                to.add(message.substring(from));
            }
        }

        private final StompParser.Sink sink = new StompParser.Sink() {
            @Override
            public void onFrame(Frame frame) {
                synchronized (Listener.this) {
                    if (client == null) {
                        early.add(frame);
                    } else {
                        client.frames.add(frame);
                    }
                }
            }

            @Override
            public void onHeartbeat() {
                StompClient c = client;
                if (c != null) {
                    c.heartbeats.incrementAndGet();
                }
            }
        };

        @Override
        public CompletableFuture<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                record(text.toString());
                parser.feed(text, sink);
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletableFuture<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            record(java.nio.charset.StandardCharsets.UTF_8.decode(data.duplicate()).toString());
            parser.feed(data, sink);
            ws.request(1);
            return null;
        }

        @Override
        public CompletableFuture<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(-1);
        }
    }
}
