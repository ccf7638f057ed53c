package com.xuqinmin.im.gateway.sockjs;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;

/**
 * One receiving request of a SockJS session ({@code xhr} or {@code xhr_streaming}), held open with
 * the servlet's asynchronous mode and written without blocking: a write from whatever thread has
 * frames goes out when the stream is ready, and its callback runs once the container has taken all
 * of it, so no thread ever waits on a slow client.
 */
final class Receiver implements WriteListener, AsyncListener {

    private final SockJsSession session;
    private final AsyncContext ctx;
    private final ServletOutputStream out;
    /** xhr_streaming (many writes, then the response ends at its byte limit) or xhr (one write). */
    final boolean streaming;
    // guarded by the session's lock
    long written;
    boolean preludeSent;

    // guarded by this
    private byte[] pending;
    private boolean flushPending;
    private boolean flushedOnce;
    private Runnable afterWrite;
    private boolean ended;

    Receiver(SockJsSession session, AsyncContext ctx, boolean streaming) throws IOException {
        this.session = session;
        this.ctx = ctx;
        this.streaming = streaming;
        this.out = ctx.getResponse().getOutputStream();
        ctx.addListener(this);
    }

    /** Starts writing (the container calls {@link #onWritePossible} when it can take bytes). */
    void start() {
        out.setWriteListener(this);
    }

    /** Writes {@code bytes} and flushes them; {@code then} runs once the container has them all. */
    void write(byte[] bytes, Runnable then) {
        Runnable done;
        synchronized (this) {
            pending = bytes;
            flushPending = true;
            afterWrite = then;
            done = drain();
        }
        if (done != null) {
            done.run();
        }
    }

    /** Under this: writes what it can; returns the callback to run when everything went out. */
    private Runnable drain() {
        try {
            if (ended) {
                return null;
            }
            if (pending != null) {
                if (!out.isReady()) {
                    return null;
                }
                out.write(pending);
                pending = null;
            }
            // Open Liberty ignores the first flush of a response ("Ignoring first flush attempt" in
            // its trace): the first write flushes twice
            while (flushPending) {
                if (!out.isReady()) {
                    return null;
                }
                out.flush();
                if (flushedOnce) {
                    flushPending = false;
                }
                flushedOnce = true;
            }
            if (!out.isReady()) {
                return null;
            }
            Runnable r = afterWrite;
            afterWrite = null;
            return r;
        } catch (IOException | RuntimeException e) {
            ended = true;
            return () -> session.receiverFailed(this, e);
        }
    }

    /** Ends the response. */
    void end() {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        try {
            ctx.complete();
        } catch (IllegalStateException alreadyDone) {
            // the container ended it first
        }
    }

    @Override
    public void onWritePossible() {
        Runnable done;
        synchronized (this) {
            done = drain();
        }
        if (done != null) {
            done.run();
        } else {
            session.pump();
        }
    }

    @Override
    public void onError(Throwable t) {
        fail(t);
    }

    @Override
    public void onComplete(AsyncEvent event) {
        session.receiverEnded(this);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        fail(new IOException("receiving request timed out"));
        end();
    }

    @Override
    public void onError(AsyncEvent event) {
        fail(event.getThrowable());
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }

    private void fail(Throwable t) {
        synchronized (this) {
            ended = true;
        }
        session.receiverFailed(this, t);
    }
}
