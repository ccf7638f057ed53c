package com.xuqinmin.im.gateway.sockjs;

import com.xuqinmin.im.gateway.SocketCloses;
import com.xuqinmin.im.gateway.Transport;
import com.xuqinmin.im.stomp.OutboundFrame;
import com.xuqinmin.im.stomp.StompEncoder;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The SockJS {@code websocket} transport's side of a connection: {@code o} first, each write as an
 * {@code a[...]} text message, {@code c[code,"reason"]} before the close. Its own frames and the
 * connection's one write in flight go out one at a time (an asynchronous WebSocket send must finish
 * before the next starts), so at most three wait here: the open frame, one write, the close frame.
 */
final class SockJsWebSocket implements Transport {

    private static final Logger LOG = Logger.getLogger(SockJsWebSocket.class.getName());

    private record Pending(String text, Done done, CloseReason thenClose) {
    }

    private final Session ws;
    private final java.util.concurrent.ScheduledExecutorService closer;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>(3);
    private boolean sending;
    private boolean closing;

    @Override
    public String name() {
        return "sockjs-websocket";
    }

    /** {@code closer}: where a close asked for inside a write completion runs ({@code SocketCloses}). */
    SockJsWebSocket(Session ws, java.util.concurrent.ScheduledExecutorService closer) {
        this.ws = ws;
        this.closer = closer;
        enqueue(new Pending(SockJsFrames.OPEN, null, null));
    }

    @Override
    public void writeHeartbeat(Done done) {
        enqueue(new Pending(SockJsFrames.array(StompEncoder.HEARTBEAT_TEXT), done, null));
    }

    @Override
    public void write(List<OutboundFrame> frames, Done done) {
        StringBuilder text = new StringBuilder();
        for (OutboundFrame f : frames) {
            f.appendText(text);
        }
        enqueue(new Pending(SockJsFrames.array(text.toString()), done, null));
    }

    @Override
    public void close(CloseReason reason) {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        enqueue(new Pending(SockJsFrames.close(reason.getCloseCode().getCode(), reason.getReasonPhrase()), null, reason));
    }

    private void enqueue(Pending p) {
        synchronized (this) {
            queue.add(p);
            if (sending) {
                return;
            }
            sending = true;
        }
        next();
    }

    private void next() {
        Pending p;
        synchronized (this) {
            p = queue.poll();
            if (p == null) {
                sending = false;
                return;
            }
        }
        if (!ws.isOpen()) {
            fail(p, new IOException("closed"));
            return;
        }
        try {
            ws.getAsyncRemote().sendText(p.text(), SocketCloses.completion(result -> {
                if (p.thenClose() != null) {
                    closeSocket(p.thenClose());
                }
                if (p.done() != null) {
                    p.done().done(result.isOK() ? null
                            : result.getException() != null ? result.getException() : new IOException("write failed"));
                }
                next();
            }));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "write failed", e);
            fail(p, e);
        }
    }

    private void fail(Pending p, Throwable t) {
        if (p.done() != null) {
            p.done().done(t);
        }
        if (p.thenClose() != null) {
            closeSocket(p.thenClose());
        }
        next();
    }

    @Override
    public void closeLater(CloseReason reason, long delayMillis) {
        SocketCloses.closeLater(ws, reason, closer, delayMillis);
    }

    private void closeSocket(CloseReason reason) {
        SocketCloses.close(ws, reason, closer);
    }
}
