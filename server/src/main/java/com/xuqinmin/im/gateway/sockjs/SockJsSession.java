package com.xuqinmin.im.gateway.sockjs;

import com.xuqinmin.im.gateway.Connection;
import com.xuqinmin.im.gateway.Transport;
import com.xuqinmin.im.stomp.OutboundFrame;
import com.xuqinmin.im.stomp.StompDecoder;
import com.xuqinmin.im.stomp.StompEncoder;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A SockJS session over HTTP ({@code xhr-streaming}, {@code xhr-polling}): the {@link Transport} of
 * one {@link Connection}. Frames wait here for a receiving request ({@link Receiver}); at most the
 * open frame, the connection's one write in flight (its {@link Transport.Done} is told only once a
 * request has taken it, so the connection's bounded queue fills behind it when nobody polls), a
 * heart-beat and the close frame. A session without a receiving request for the disconnect delay is
 * closed; once closed it answers every receiving request with its close frame until that delay has
 * passed again, then it is forgotten.
 */
final class SockJsSession implements Transport {

    /** What a streaming response starts with: 2 KiB of {@code h}, so browsers start handing over its chunks. */
    private static final String PRELUDE = "h".repeat(2048) + "\n";

    final String id;
    /** {@code xhr-streaming} or {@code xhr-polling}: the transport of the request that opened the session. */
    private final String transport;
    private final SockJsSessions owner;
    /** Decodes the STOMP messages of xhr_send bodies, one body at a time (guarded by itself). */
    final StompDecoder decoder;
    private volatile Connection connection;

    private final Object lock = new Object();
    private final ArrayDeque<String> frames = new ArrayDeque<>(4);
    private final List<Done> dones = new ArrayList<>(1);
    private Receiver receiver;
    private boolean writing;
    private List<Done> inFlight = List.of();
    private long writeStartedAt;
    private long detachedAt = System.currentTimeMillis();
    private long lastWriteAt = System.currentTimeMillis();
    private String closeFrame;
    private boolean closeSent;

    SockJsSession(String id, SockJsSessions owner, StompDecoder decoder, boolean streaming) {
        this.id = id;
        this.transport = streaming ? "sockjs-xhr-streaming" : "sockjs-xhr-polling";
        this.owner = owner;
        this.decoder = decoder;
        frames.add(SockJsFrames.OPEN);
    }

    Connection connection() {
        return connection;
    }

    void connection(Connection c) {
        connection = c;
    }

    boolean isClosed() {
        synchronized (lock) {
            return closeFrame != null;
        }
    }

    // ------------------------------------------------------------------ Transport

    @Override
    public String name() {
        return transport;
    }

    @Override
    public void writeHeartbeat(Done done) {
        offer(SockJsFrames.array(StompEncoder.HEARTBEAT_TEXT), done);
    }

    @Override
    public void write(List<OutboundFrame> batch, Done done) {
        StringBuilder text = new StringBuilder();
        for (OutboundFrame f : batch) {
            f.appendText(text);
        }
        offer(SockJsFrames.array(text.toString()), done);
    }

    @Override
    public void close(CloseReason reason) {
        synchronized (lock) {
            if (closeFrame != null) {
                return;
            }
            closeFrame = SockJsFrames.close(reason.getCloseCode().getCode(), reason.getReasonPhrase());
            frames.add(closeFrame);
        }
        owner.closed(this);
        pump();
    }

    private void offer(String frame, Done done) {
        synchronized (lock) {
            if (closeFrame == null) {
                frames.add(frame);
                if (done != null) {
                    dones.add(done);
                }
                done = null;
            }
        }
        if (done != null) {
            done.done(new IOException("SockJS session closed"));
            return;
        }
        pump();
    }

    // ------------------------------------------------------------------ receiving requests

    /**
     * A receiving request arrived: it becomes the session's receiver, or (when another one is open,
     * or the session closed and its close frame went out already) it is answered at once with a
     * close frame, which is returned to be written by the caller; {@code null} when attached.
     */
    String attach(Receiver r) {
        synchronized (lock) {
            if (receiver != null) {
                return SockJsFrames.ANOTHER_CONNECTION;
            }
            if (closeFrame != null && closeSent) {
                detachedAt = System.currentTimeMillis();
                return closeFrame;
            }
            receiver = r;
            lastWriteAt = System.currentTimeMillis();
        }
        r.start(); // the container's first onWritePossible starts the writing
        return null;
    }

    /** Writes what waits to the receiver, one write at a time. */
    void pump() {
        Receiver r;
        byte[] bytes;
        List<Done> taking;
        boolean ends;
        synchronized (lock) {
            r = receiver;
            if (writing || r == null || (frames.isEmpty() && (!r.streaming || r.preludeSent))) {
                return;
            }
            StringBuilder sb = new StringBuilder();
            if (r.streaming && !r.preludeSent) {
                sb.append(PRELUDE);
                r.preludeSent = true;
            }
            boolean closing = false;
            for (String f : frames) {
                sb.append(f).append('\n');
                closing |= f == closeFrame;
            }
            frames.clear();
            closeSent |= closing;
            taking = dones.isEmpty() ? List.of() : new ArrayList<>(dones);
            dones.clear();
            bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            r.written += bytes.length;
            ends = !r.streaming || closing || r.written >= owner.streamBytes();
            writing = true;
            inFlight = taking;
            writeStartedAt = System.currentTimeMillis();
        }
        r.write(bytes, () -> written(r, taking, ends));
    }

    private void written(Receiver r, List<Done> taken, boolean ends) {
        synchronized (lock) {
            writing = false;
            inFlight = List.of();
            lastWriteAt = System.currentTimeMillis();
            if (ends && receiver == r) {
                receiver = null;
                detachedAt = lastWriteAt;
            }
        }
        if (ends) {
            r.end();
        }
        for (Done d : taken) {
            d.done(null);
        }
        pump();
    }

    /** The container ended a receiving request (normally or not). */
    void receiverEnded(Receiver r) {
        synchronized (lock) {
            if (receiver != r) {
                return;
            }
            if (writing) {
                return; // the write's failure or completion says what happened
            }
            receiver = null;
            detachedAt = System.currentTimeMillis();
        }
    }

    /**
     * A receiving request broke (the client went away, a write failed or timed out): what it was
     * writing is lost, so the session ends (sockjs-protocol: "the session should be automatically
     * closed").
     */
    void receiverFailed(Receiver r, Throwable t) {
        List<Done> lost;
        synchronized (lock) {
            if (receiver != r) {
                return;
            }
            receiver = null;
            detachedAt = System.currentTimeMillis();
            lost = inFlight;
            inFlight = List.of();
            writing = false;
        }
        r.end();
        for (Done d : lost) {
            d.done(t);
        }
        Connection c = connection;
        if (c != null) {
            c.abort(new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "receiving request broken"));
        } else {
            close(new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "receiving request broken"));
        }
    }

    /**
     * The sweeper's visit: a heart-beat on a receiver that has had nothing for {@code heartbeatMillis}
     * (a poll then ends), the end of a write stuck for {@code writeTimeoutMillis}, the close of a
     * session without a receiver for {@code disconnectMillis}. Returns true when the session is to be
     * forgotten.
     */
    boolean sweep(long now, long heartbeatMillis, long writeTimeoutMillis, long disconnectMillis) {
        Receiver stuck = null;
        boolean heartbeat = false;
        boolean expire = false;
        boolean forget = false;
        synchronized (lock) {
            if (receiver != null) {
                if (writing && now - writeStartedAt > writeTimeoutMillis) {
                    stuck = receiver;
                } else if (!writing && frames.isEmpty() && now - lastWriteAt >= heartbeatMillis) {
                    heartbeat = true;
                }
            } else if (now - detachedAt > disconnectMillis) {
                if (closeFrame == null) {
                    expire = true;
                } else {
                    forget = true;
                }
            }
        }
        if (stuck != null) {
            receiverFailed(stuck, new IOException("write timed out"));
        } else if (heartbeat) {
            synchronized (lock) {
                if (closeFrame == null && frames.isEmpty()) {
                    frames.add(SockJsFrames.HEARTBEAT);
                }
            }
            pump();
        } else if (expire) {
            Connection c = connection;
            if (c != null) {
                c.abort(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "SockJS session timed out"));
            } else {
                close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "SockJS session timed out"));
            }
        }
        return forget;
    }
}
