package com.xuqinmin.im.gateway;

import com.xuqinmin.im.stomp.Frame;
import com.xuqinmin.im.stomp.OutboundFrame;
import com.xuqinmin.im.stomp.OutboundFrames;
import com.xuqinmin.im.stomp.StompEncoder;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.List;

/**
 * The plain WebSocket at {@code /ws/im}: a frame alone goes out through the endpoint's
 * {@code StompFrameEncoder}, several through its {@code StompBatchEncoder}, a heart-beat as a bare
 * EOL, each as one text message written asynchronously.
 */
final class WebSocketTransport implements Transport {

    private final Session ws;
    private final java.util.concurrent.ScheduledExecutorService closer;

    @Override
    public String name() {
        return "websocket";
    }

    /** {@code closer}: where a close asked for inside a write completion runs ({@link SocketCloses}). */
    WebSocketTransport(Session ws, java.util.concurrent.ScheduledExecutorService closer) {
        this.ws = ws;
        this.closer = closer;
    }

    @Override
    public void writeHeartbeat(Done done) {
        ws.getAsyncRemote().sendText(StompEncoder.HEARTBEAT_TEXT, handler(done));
    }

    @Override
    public void write(List<OutboundFrame> frames, Done done) {
        if (frames.size() == 1 && frames.get(0) instanceof Frame f) {
            ws.getAsyncRemote().sendObject(f, handler(done));
        } else {
            ws.getAsyncRemote().sendObject(new OutboundFrames(frames), handler(done));
        }
    }

    private static SendHandler handler(Done done) {
        return SocketCloses.completion(result -> done.done(result.isOK() ? null : failure(result.getException())));
    }

    private static Throwable failure(Throwable t) {
        return t != null ? t : new IOException("write failed");
    }

    @Override
    public void closeLater(CloseReason reason, long delayMillis) {
        SocketCloses.closeLater(ws, reason, closer, delayMillis);
    }

    @Override
    public void close(CloseReason reason) {
        SocketCloses.close(ws, reason, closer);
    }
}
