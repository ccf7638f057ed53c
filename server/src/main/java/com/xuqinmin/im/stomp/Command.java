package com.xuqinmin.im.stomp;

import java.nio.charset.StandardCharsets;

/** The STOMP 1.2 commands, with the few facts about each that the codec and the gateway need. */
public enum Command {
    CONNECT(true, false),
    STOMP(true, false),
    SEND(true, true),
    SUBSCRIBE(true, false),
    UNSUBSCRIBE(true, false),
    ACK(true, false),
    NACK(true, false),
    BEGIN(true, false),
    COMMIT(true, false),
    ABORT(true, false),
    DISCONNECT(true, false),
    CONNECTED(false, false),
    MESSAGE(false, true),
    RECEIPT(false, false),
    ERROR(false, true);

    private final boolean fromClient;
    private final boolean bodyAllowed;
    private final byte[] bytes;

    Command(boolean fromClient, boolean bodyAllowed) {
        this.fromClient = fromClient;
        this.bodyAllowed = bodyAllowed;
        this.bytes = name().getBytes(StandardCharsets.US_ASCII);
    }

    /** True for the frames a client sends; false for the frames a server sends. */
    public boolean fromClient() {
        return fromClient;
    }

    /** Only SEND, MESSAGE and ERROR frames may have a body (STOMP 1.2, "Frames and headers"). */
    public boolean bodyAllowed() {
        return bodyAllowed;
    }

    /** CONNECT and CONNECTED frames do not escape header values (STOMP 1.2, "Value Encoding"). */
    public boolean escapesHeaders() {
        return this != CONNECT && this != CONNECTED;
    }

    /** The command's name as US-ASCII bytes. */
    byte[] bytes() {
        return bytes;
    }

    /**
     * The command spelled by {@code len} bytes at {@code off}, or {@code null} when they spell none.
     * Case-sensitive, as the specification says.
     */
    public static Command lookup(byte[] buf, int off, int len) {
        for (Command c : VALUES) {
            byte[] b = c.bytes;
            if (b.length == len && java.util.Arrays.equals(b, 0, len, buf, off, off + len)) {
                return c;
            }
        }
        return null;
    }

    private static final Command[] VALUES = values();
}
