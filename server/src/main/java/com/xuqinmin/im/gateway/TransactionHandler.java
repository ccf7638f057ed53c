package com.xuqinmin.im.gateway;

import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.chat.SendService;
import com.xuqinmin.im.chat.CursorTracker;
import com.xuqinmin.im.chat.StoredMessage;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.Json;
import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * STOMP transactions (PROTOCOL.md §3): BEGIN opens one, SEND/ACK/NACK naming it are buffered (at
 * most {@code IM_TRANSACTION_FRAMES_MAX} per transaction, {@code IM_TRANSACTIONS_MAX} open; each SEND
 * pays the rate limit as it is buffered, and one refused makes the COMMIT refused), ABORT
 * drops them, and COMMIT stores its {@code chat.send} frames together in one database transaction
 * (all or none) before its other frames run in order.
 */
@ApplicationScoped
public class TransactionHandler implements CommandHandler {

    /** How long a COMMIT waits for its database transaction before it is refused. */
    private static final long COMMIT_WAIT_SECONDS = 30;

    @Inject
    SendService sending;

    @Inject
    CursorTracker tracker;

    @Inject
    Frames frames;

    @Inject
    Replies replies;

    @Inject
    SendHandler sendHandler;

    @Inject
    ImConfig config;

    @Override
    public Set<Command> commands() {
        return Set.of(Command.BEGIN, Command.COMMIT, Command.ABORT);
    }

    @Override
    public void handle(Connection c, Frame f) {
        switch (f.command()) {
            case BEGIN -> begin(c, f);
            case COMMIT -> commit(c, f);
            default -> abort(c, f);
        }
    }

    /** Buffers a SEND, ACK or NACK that names a transaction; false for any other frame. */
    boolean buffers(Connection c, Frame f) {
        Command cmd = f.command();
        String tx = f.header("transaction");
        if (tx == null || (cmd != Command.SEND && cmd != Command.ACK && cmd != Command.NACK)) {
            return false;
        }
        int buffered = c.transactions().size(tx);
        if (buffered < 0) {
            throw new ImException(ErrorCode.UNKNOWN_TRANSACTION, "no open transaction " + tx);
        }
        if (buffered >= config.transactionFramesMax()) {
            throw new ImException(ErrorCode.TOO_MANY_TRANSACTIONS,
                    "at most " + config.transactionFramesMax() + " frames per transaction");
        }
        if (cmd == Command.SEND && !c.trySend()) {
            // a SEND pays the rate limit when it arrives, buffered or not; the one refused here is not
            // buffered, and the transaction can no longer commit as a whole: its COMMIT is refused too
            ImException limited = new ImException(ErrorCode.RATE_LIMITED, "at most " + config.sendRate()
                    + " SEND frames per second, bursts of " + config.sendBurst() + ", counted as they are buffered; "
                    + "transaction " + tx + " will not commit");
            c.transactions().refuse(tx, limited);
            replies.reject(c, limited, null, f.header("destination"), f.header("receipt"), null);
            return true;
        }
        if (!c.transactions().add(tx, f, config.transactionBytesMax())) {
            throw new ImException(ErrorCode.TRANSACTION_TOO_LARGE, "the open transactions of a connection hold at most "
                    + config.transactionBytesMax() + " bytes of frames");
        }
        return true;
    }

    private void begin(Connection c, Frame f) {
        String tx = Replies.required(f, "transaction");
        Transactions open = c.transactions();
        if (open.isOpen(tx)) {
            throw new ImException(ErrorCode.MALFORMED_FRAME, "transaction " + tx + " is already open");
        }
        if (open.count() >= config.transactionsMax()) {
            throw new ImException(ErrorCode.TOO_MANY_TRANSACTIONS,
                    "at most " + config.transactionsMax() + " open transactions per session");
        }
        open.begin(tx);
        replies.receipt(c, f.header("receipt"));
    }

    private void abort(Connection c, Frame f) {
        String tx = Replies.required(f, "transaction");
        if (c.transactions().end(tx) == null) {
            throw new ImException(ErrorCode.UNKNOWN_TRANSACTION, "no open transaction " + tx);
        }
        replies.receipt(c, f.header("receipt"));
    }

    private void commit(Connection c, Frame f) {
        String tx = Replies.required(f, "transaction");
        ImException refused = c.transactions().refusal(tx);
        List<Frame> buffered = c.transactions().end(tx);
        if (buffered == null) {
            throw new ImException(ErrorCode.UNKNOWN_TRANSACTION, "no open transaction " + tx);
        }
        String receipt = f.header("receipt");
        if (refused != null) {
            replies.reject(c, new ImException(refused.error(), "transaction " + tx
                    + " lost a frame to the rate limit while it was open; none of it was done"),
                    null, Destinations.SEND, receipt, null);
            return;
        }
        List<Frame> sends = new ArrayList<>();
        List<Frame> others = new ArrayList<>();
        for (Frame x : buffered) {
            if (x.command() == Command.SEND && Destinations.SEND.equals(x.header("destination"))) {
                sends.add(x);
            } else {
                others.add(x);
            }
        }
        Identity who = c.identity();
        List<JsonObject> bodies = new ArrayList<>(sends.size());
        try {
            for (Frame s : sends) {
                bodies.add(Json.parseObject(s.body()));
            }
        } catch (ImException e) {
            replies.reject(c, e, null, Destinations.SEND, receipt, null);
            return;
        }
        CompletionStage<List<StoredMessage>> stored;
        try {
            stored = sending.sendAll(who, c.id(), bodies);
        } catch (ImException e) {
            replies.reject(c, e, null, Destinations.SEND, receipt, null);
            return;
        }
        // wait here, on the connection's inbound thread: frames sent after the COMMIT must not overtake
        // the transaction's own frames (a commit is one database transaction, a few milliseconds)
        List<StoredMessage> list;
        try {
            list = stored.toCompletableFuture().get(COMMIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            replies.reject(c, new ImException(ErrorCode.SERVICE_UNAVAILABLE, "interrupted"), null, Destinations.SEND,
                    receipt, null);
            return;
        } catch (ExecutionException | TimeoutException e) {
            // the transaction failed as a whole: none of its frames take effect
            replies.reject(c, e instanceof TimeoutException
                    ? new ImException(ErrorCode.SERVICE_UNAVAILABLE, "the transaction could not be stored in time")
                    : Replies.unwrap(e.getCause()), null, Destinations.SEND, receipt, null);
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            StoredMessage m = list.get(i);
            tracker.delivered(who.appKey(), who.userId(), c.deviceId(), m.conversationId(), m.seq());
            Frame r = Replies.receiptFor(sends.get(i).header("receipt"), m);
            if (r != null) {
                c.send(r);
            }
        }
        for (Frame o : others) {
            if (c.isClosing()) {
                return;
            }
            Frame g = withoutTransaction(o);
            if (g.command() == Command.SEND) {
                sendHandler.handle(c, g, false); // it paid the rate limit when it was buffered
            } else {
                frames.handle(c, g);
            }
        }
        replies.receipt(c, receipt);
    }

    private static Frame withoutTransaction(Frame f) {
        Frame.Builder b = Frame.builder(f.command());
        for (var h : f.headers()) {
            if (!h.name().equals("transaction")) {
                b.header(h.name(), h.value());
            }
        }
        return b.body(f.body()).build();
    }
}
