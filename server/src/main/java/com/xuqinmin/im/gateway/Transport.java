package com.xuqinmin.im.gateway;

import com.xuqinmin.im.stomp.OutboundFrame;
import jakarta.websocket.CloseReason;
import java.util.List;

/**
 * Where a {@link Connection}'s frames go: a WebSocket session ({@link WebSocketTransport}) or a
 * SockJS session over HTTP or WebSocket ({@code gateway.sockjs}). The STOMP side does not know which:
 * it hands over one write at a time and waits for its {@link Done} before the next, so the transport
 * never holds more than one write of a connection.
 */
public interface Transport {

    /** Told once, when a write has been handed to the network ({@code failure == null}) or has failed. */
    @FunctionalInterface
    interface Done {
        void done(Throwable failure);
    }

    /** Writes a STOMP heart-beat (an EOL) as one message. */
    void writeHeartbeat(Done done);

    /** Writes frames, in order, as one message (one STOMP "WebSocket message"). */
    void write(List<OutboundFrame> frames, Done done);

    /**
     * What carries the connection, as the server API's online status shows it: {@code websocket} (the
     * plain WebSocket at {@code /ws/im}), or SockJS's {@code sockjs-websocket}, {@code sockjs-xhr-streaming},
     * {@code sockjs-xhr-polling}.
     */
    String name();

    /** Closes the transport with a reason (code and text); safe to call again and after the peer closed. */
    void close(CloseReason reason);

    /**
     * Closes the transport {@code delayMillis} from now unless it is closed by then: the bound on a close
     * that waits for a write in flight (a write whose completion never comes must not keep a connection
     * the server has given up on open for ever). The default closes at once.
     */
    default void closeLater(CloseReason reason, long delayMillis) {
        close(reason);
    }
}
