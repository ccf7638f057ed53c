package com.xuqinmin.im.gateway;

import com.xuqinmin.im.stomp.Frame;
import com.xuqinmin.im.stomp.MessageCopy;
import com.xuqinmin.im.stomp.OutboundFrame;
import com.xuqinmin.im.stomp.SharedMessage;
import jakarta.websocket.CloseReason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A connection's outbound queue. Frames are written asynchronously, one write at a time, from a
 * queue bounded at {@code queueMax} frames and {@code charsMax} characters of frame text, so a slow
 * client only ever delays itself; when its queue overflows it is closed with 1013 (it will catch up
 * with a sync). The frames that queued up while a
 * write was in flight go out together in the next message of its {@link Transport}. It also remembers which seqs of
 * each conversation it has queued, so live delivery and sync never write one twice, and forgets a
 * conversation once the device's cursor covers it ({@link WrittenSeqs}).
 *
 * <p>Writes come from any thread and are serialised by {@code lock}.
 */
final class Outbound {

    private static final Logger LOG = Logger.getLogger(Outbound.class.getName());
    /** At most this many queued frames go out in one WebSocket message. */
    static final int BATCH_FRAMES = 64;
    /** A batch stops growing once its bodies reach about this many characters. */
    static final int BATCH_CHARS = 32 * 1024;

    /** Told when a frame that counts as received by the device has been written. */
    interface Written {
        void received(String conversationId, long seq);

        /** Whether the device's stored cursor covers everything written to it of the conversation. */
        boolean settled(String conversationId);
    }

    /** How long a conversation's written seqs are kept at least after the last one (see {@link WrittenSeqs}). */
    static final long FORGET_AFTER_NANOS = 10_000_000_000L;
    /** A connection with at most this many conversations keeps them all. */
    static final int KEEP_CONVERSATIONS = 32;

    /** A queued frame ({@code null}: a heart-beat); a message that counts as received names its seq. */
    private record Out(OutboundFrame frame, String conversationId, long seq) {
        boolean heartbeat() {
            return frame == null;
        }

        int chars() {
            return frame == null ? 1 : frame.textLength();
        }
    }

    private final String connectionId;
    private final Transport transport;
    private final ConnectionState state;
    private final Acks acks;
    private final int queueMax;
    private final long charsMax;
    private final Written written;

    private final Object lock = new Object();
    // bounded by queueMax (IM_OUTBOUND_QUEUE_MAX) and charsMax (IM_OUTBOUND_QUEUE_BYTES): a frame that
    // would go past either closes the connection with 1013; small to start with (it is mostly empty,
    // on every idle session) and grown by the frames that wait
    private final ArrayDeque<Out> queue = new ArrayDeque<>(4);
    private long queuedChars;
    private boolean sending;
    private boolean closeWhenDrained;
    private CloseReason closeReason;
    private java.util.concurrent.Executor closer;
    // an abort that came while a write was in flight: the socket closes when that write completes
    // (Open Liberty refuses to write the close frame beside a pending write, then never closes the
    // TCP connection either: the soak's sockets left in CLOSE-WAIT)
    private CloseReason closeAfterWrite;
    /** How long an abort waits for the write in flight: longer than the send timeout (10 s by default). */
    static final long CLOSE_AFTER_WRITE_MAX_MS = 30_000;
    private final WrittenSeqs queued = new WrittenSeqs(FORGET_AFTER_NANOS, KEEP_CONVERSATIONS, System.nanoTime());
    private long messageCounter;

    Outbound(String connectionId, Transport transport, ConnectionState state, Acks acks, int queueMax, long charsMax,
            Written written) {
        this.connectionId = connectionId;
        this.transport = transport;
        this.state = state;
        this.acks = acks;
        this.queueMax = queueMax;
        this.charsMax = charsMax;
        this.written = written;
    }

    /** Queues a frame. */
    void send(Frame f) {
        enqueue(new Out(f, null, 0));
    }

    /** Queues a heart-beat (a bare EOL) unless something else is already on its way. */
    void heartbeat() {
        synchronized (lock) {
            // an idle connection forgets here what it no longer needs to remember
            queued.sweepIfDue(System.nanoTime(), written::settled);
            if (sending || !queue.isEmpty()) {
                return;
            }
        }
        enqueue(new Out(null, null, 0));
    }

    /**
     * Writes a conversation's message to each of {@code subs}, unless this session already has that
     * seq (sync and live delivery both come through here, in any order). Notices ({@code seq <= 0} or
     * {@code notice}) are always written and never count as received. The message is encoded once
     * by the caller and shared by every session it goes to.
     *
     * @return whether anything was queued
     */
    boolean deliver(SharedMessage message, List<Subscription> subs, String conversationId, long seq, boolean notice) {
        List<Out> outs = new ArrayList<>(subs.size());
        boolean overflow;
        boolean start;
        synchronized (lock) {
            if (state.life() == Connection.State.CLOSED || closeWhenDrained) {
                return false;
            }
            boolean counts = seq > 0 && !notice;
            if (counts) {
                int autoCopies = 0;
                for (Subscription s : subs) {
                    if (s.ack() == Subscription.AckMode.AUTO) {
                        autoCopies++;
                    }
                }
                if (!queued.add(conversationId, seq, autoCopies, autoCopies < subs.size())) {
                    return false;
                }
                queued.sweepIfDue(System.nanoTime(), written::settled);
            }
            for (Subscription s : subs) {
                String messageId = connectionId + "-" + (++messageCounter);
                boolean clientAck = s.ack() != Subscription.AckMode.AUTO;
                if (clientAck) {
                    // notices are remembered too: a client may ACK any frame it got (a cumulative ACK
                    // of a notice covers the messages before it); only messages count as received
                    acks.expect(messageId, counts ? new Acks.Pending(s.id(), conversationId, seq)
                            : new Acks.Pending(s.id(), null, 0));
                }
                MessageCopy f = message.copy(s.id(), messageId, clientAck);
                outs.add(counts && !clientAck ? new Out(f, conversationId, seq) : new Out(f, null, 0));
            }
            long chars = 0;
            for (Out o : outs) {
                chars += o.chars();
            }
            overflow = queue.size() + outs.size() > queueMax || queuedChars + chars > charsMax;
            if (!overflow) {
                queue.addAll(outs);
                queuedChars += chars;
            }
            start = !overflow && !sending;
            if (start) {
                sending = true;
            }
        }
        if (overflow) {
            abort(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "outbound queue overflow"));
            return false;
        }
        if (start) {
            pump();
        }
        return true;
    }

    /** The end of the run of seqs of a conversation this session already has, starting after {@code after}. */
    long queuedUpTo(String conversationId, long after) {
        synchronized (lock) {
            return queued.contiguousEnd(conversationId, after);
        }
    }

    /**
     * Sends a last frame (an ERROR), then closes once it has been written: on the thread that wrote
     * it, or through {@code closer} when one is given.
     */
    void closeAfter(Frame last, CloseReason reason, java.util.concurrent.Executor closer) {
        boolean start;
        synchronized (lock) {
            if (state.life() == Connection.State.CLOSED || closeWhenDrained) {
                return;
            }
            state.life(Connection.State.CLOSING);
            closeWhenDrained = true;
            closeReason = reason;
            this.closer = closer;
            if (last != null) {
                Out o = new Out(last, null, 0);
                queue.add(o);
                queuedChars += o.chars();
            }
            start = !sending;
            if (start) {
                sending = true;
            }
        }
        if (start) {
            pump();
        }
    }

    /**
     * Closes, dropping whatever is queued: at once, or when the write in flight completes (written or
     * failed, within the send timeout), and {@link #CLOSE_AFTER_WRITE_MAX_MS} later at the latest.
     */
    void abort(CloseReason reason) {
        boolean now;
        synchronized (lock) {
            if (state.life() == Connection.State.CLOSED) {
                return;
            }
            state.life(Connection.State.CLOSED);
            queue.clear();
            queuedChars = 0;
            now = !sending;
            if (!now) {
                closeAfterWrite = reason;
            }
        }
        if (now) {
            closeSocket(reason);
        } else {
            // and at the latest this long from now, should the write's completion never come
            transport.closeLater(reason, CLOSE_AFTER_WRITE_MAX_MS);
        }
    }

    /** The close an abort left for the end of the write in flight, taken once; {@code null} if none. */
    private CloseReason takeCloseAfterWrite() {
        synchronized (lock) {
            CloseReason r = closeAfterWrite;
            if (r != null) {
                closeAfterWrite = null;
                sending = false;
            }
            return r;
        }
    }

    /** The container closed the socket. */
    void closed() {
        synchronized (lock) {
            state.life(Connection.State.CLOSED);
            queue.clear();
            queuedChars = 0;
        }
    }

    private void enqueue(Out o) {
        boolean overflow = false;
        boolean start;
        synchronized (lock) {
            if (state.life() == Connection.State.CLOSED || closeWhenDrained) {
                return;
            }
            if (queue.size() >= queueMax || queuedChars + o.chars() > charsMax) {
                overflow = true;
                start = false;
            } else {
                queue.add(o);
                queuedChars += o.chars();
                start = !sending;
                if (start) {
                    sending = true;
                }
            }
        }
        if (overflow) {
            abort(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "outbound queue overflow"));
        } else if (start) {
            pump();
        }
    }

    /**
     * Writes what is queued: a heart-beat alone, otherwise the frames queued at this moment (at most
     * {@link #BATCH_FRAMES} of them, about {@link #BATCH_CHARS} characters) as one WebSocket message.
     * A write that completes inline continues the loop here; one that completes later continues
     * from its handler, so the stack never grows with the queue.
     */
    private void pump() {
        for (;;) {
            List<Out> next = new ArrayList<>(4);
            CloseReason closeNow = null;
            synchronized (lock) {
                Out first = state.life() == Connection.State.CLOSED ? null : queue.poll();
                if (first != null) {
                    queuedChars -= first.chars();
                }
                if (first == null) {
                    sending = false;
                    if (closeWhenDrained && state.life() != Connection.State.CLOSED) {
                        state.life(Connection.State.CLOSED);
                        closeNow = closeReason;
                    } else if (closeAfterWrite != null) {
                        closeNow = closeAfterWrite; // aborted between two writes of this loop
                        closeAfterWrite = null;
                    }
                } else {
                    next.add(first);
                    if (!first.heartbeat()) {
                        int chars = first.frame.textLength();
                        Out o;
                        while (next.size() < BATCH_FRAMES && chars < BATCH_CHARS
                                && (o = queue.peek()) != null && !o.heartbeat()) {
                            next.add(queue.poll());
                            chars += o.frame.textLength();
                            queuedChars -= o.chars();
                        }
                    }
                }
            }
            if (next.isEmpty()) {
                if (closeNow != null) {
                    CloseReason reason = closeNow;
                    java.util.concurrent.Executor via = closer;
                    if (via == null) {
                        closeSocket(reason);
                    } else {
                        via.execute(() -> closeSocket(reason));
                    }
                }
                return;
            }
            Write w = new Write(next);
            try {
                Out first = next.get(0);
                if (first.heartbeat()) {
                    transport.writeHeartbeat(w);
                } else {
                    List<OutboundFrame> frames = new ArrayList<>(next.size());
                    for (Out o : next) {
                        frames.add(o.frame);
                    }
                    transport.write(frames, w);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "write failed", e);
                synchronized (lock) {
                    sending = false; // nothing is in flight: the abort closes at once
                }
                abort(new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "write failed"));
                CloseReason late = takeCloseAfterWrite();
                if (late != null) {
                    closeSocket(late);
                }
                return;
            }
            if (!w.completedInline()) {
                return;
            }
        }
    }

    /**
     * One write in flight; its completion counts its messages as received and goes on. It lets go
     * of its frames then: Open Liberty keeps the last handler of a WebSocket until the next write,
     * which on an idle connection is for as long as it stays open.
     */
    private final class Write implements Transport.Done {
        private List<Out> outs;
        private boolean inCall = true;
        private boolean done;

        Write(List<Out> outs) {
            this.outs = outs;
        }

        @Override
        public void done(Throwable failure) {
            boolean ok = failure == null;
            List<Out> sent = outs;
            outs = null;
            if (ok) {
                state.touchWrite();
                for (Out out : sent) {
                    if (out.conversationId != null) {
                        written.received(out.conversationId, out.seq);
                    }
                }
                // after the tracker has them: a sweep that sees nothing unwritten finds them settled or not
                synchronized (lock) {
                    for (Out out : sent) {
                        if (out.conversationId != null) {
                            queued.written(out.conversationId);
                        }
                    }
                }
            } else {
                LOG.log(Level.FINE, "write failed on " + connectionId, failure);
                abort(new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "write failed"));
            }
            CloseReason late = takeCloseAfterWrite();
            if (late != null) {
                // aborted while this write was in flight (or by its failure just now): close now that it is done
                synchronized (this) {
                    done = true;
                }
                closeSocket(late);
                return;
            }
            boolean continueHere;
            synchronized (this) {
                done = true;
                continueHere = !inCall;
            }
            if (continueHere && ok) {
                pump();
            }
        }

        /** Called by the writer after sendObject returns: true when the handler already ran. */
        boolean completedInline() {
            synchronized (this) {
                inCall = false;
                return done && state.life() != Connection.State.CLOSED;
            }
        }
    }

    private void closeSocket(CloseReason reason) {
        transport.close(reason);
    }
}
