package com.xuqinmin.im.it;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * A WebSocket client on a plain socket, for the tests that must choose how a message is cut into
 * WebSocket frames (the JDK client fragments large messages on its own), send frames a correct
 * client never sends ({@link #sendRawFrame}), or connect from another loopback address than
 * 127.0.0.1 ({@link #openFrom}), so that what is counted per address is counted apart from the other
 * tests. RFC 6455, client side: masked frames out, unmasked frames in; no extensions.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CONTINUATION = 0x0;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** One frame read from the server. */
    public record WsFrame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame, or 1005 when it has none. */
        public int closeCode() {
            return payload.length >= 2 ? (payload[0] & 0xff) << 8 | payload[1] & 0xff : 1005;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private String handshake;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects to /ws/im (with {@code ?query} when given) and completes the opening handshake. */
    public static RawWebSocket open(String query) {
        return openAt("/ws/im", query);
    }

    /** Connects to a WebSocket path of the server (with {@code ?query} when given). */
    public static RawWebSocket openAt(String path, String query) {
        try {
            RawWebSocket ws = new RawWebSocket(new Socket("localhost", ItEnv.port()));
            String head = ws.handshake(path, query);
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new AssertionError("handshake refused: " + head.lines().findFirst().orElse(head));
            }
            ws.handshake = head;
            return ws;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Connects to /ws/im with a receive buffer of {@code receiveBufferBytes} (set before the connect, so
     * the TCP window stays that small): a client that does not read soon stops the server's writes.
     */
    public static RawWebSocket openSlowReader(String query, int receiveBufferBytes) {
        try {
            Socket s = new Socket();
            s.setReceiveBufferSize(receiveBufferBytes);
            s.connect(new InetSocketAddress("localhost", ItEnv.port()), 10_000);
            RawWebSocket ws = new RawWebSocket(s);
            String head = ws.handshake("/ws/im", query);
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new AssertionError("handshake refused: " + head.lines().findFirst().orElse(head));
            }
            ws.handshake = head;
            return ws;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's answer to a handshake it refused: the HTTP status and body. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final int status;
        public final String head;
        public final String body;

        Refused(int status, String head, String body) {
            super("HTTP " + status + " " + body);
            this.status = status;
            this.head = head;
            this.body = body;
        }
    }

    /**
     * Connects to /ws/im from the loopback address {@code from} (e.g. 127.0.0.3: the server then sees
     * that address as the client's) and completes the handshake; throws {@link Refused} with the
     * server's answer when it refuses.
     */
    public static RawWebSocket openFrom(String from, String query) {
        try {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), ItEnv.port()), 10_000);
            RawWebSocket ws = new RawWebSocket(s);
            String head = ws.handshake("/ws/im", query);
            if (!head.startsWith("HTTP/1.1 101")) {
                String body = ws.readBody(head);
                ws.close();
                throw new Refused(Integer.parseInt(head.substring(9, 12)), head, body);
            }
            return ws;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends the opening handshake and answers the head of the server's response. */
    private String handshake(String path, String query) throws IOException {
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        out.write(("GET " + path + (query == null ? "" : "?" + query) + " HTTP/1.1\r\nHost: localhost:" + ItEnv.port()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        socket.setSoTimeout(10_000);
        return readHead();
    }

    /** The body after a response head: Content-Length bytes, or all until the end. */
    private String readBody(String head) throws IOException {
        int length = -1;
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        if (length >= 0) {
            byte[] b = new byte[length];
            in.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The server's answer to the opening handshake: its status line and headers. */
    public String handshake() {
        return handshake;
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            b.write(c);
            String s = b.toString(StandardCharsets.US_ASCII);
            if (s.endsWith("\r\n\r\n")) {
                return s;
            }
        }
    }

    /** Sends one whole text message in one WebSocket frame. */
    public RawWebSocket sendText(String text) {
        return sendFrame(true, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one text message cut into frames of at most {@code fragment} bytes. */
    public RawWebSocket sendTextFragmented(byte[] message, int fragment) {
        return sendFragmented(TEXT, message, fragment);
    }

    /** Sends one message ({@link #TEXT} or {@link #BINARY}) cut into frames of at most {@code fragment} bytes. */
    public RawWebSocket sendFragmented(int opcode, byte[] message, int fragment) {
        for (int off = 0; off < message.length; off += fragment) {
            int n = Math.min(fragment, message.length - off);
            byte[] part = new byte[n];
            System.arraycopy(message, off, part, 0, n);
            sendFrame(off + n >= message.length, off == 0 ? opcode : CONTINUATION, part);
        }
        return this;
    }

    /**
     * Sends one text message of {@code length} bytes of {@code fill} in frames of {@code fragment}
     * bytes, without holding it in memory, and answers how many bytes were written before the
     * connection refused more.
     */
    public long streamTextFragmented(long length, int fragment, byte fill) {
        long sent = 0;
        for (long off = 0; off < length; off += fragment) {
            long n = Math.min(fragment, length - off);
            long w = streamFrame(off + n >= length, off == 0 ? TEXT : CONTINUATION, n, fill);
            sent += w;
            if (w < n) {
                break;
            }
        }
        return sent;
    }

    /** Sends one masked frame. */
    public RawWebSocket sendFrame(boolean fin, int opcode, byte[] payload) {
        try {
            ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
            f.write((fin ? 0x80 : 0) | opcode);
            int n = payload.length;
            if (n < 126) {
                f.write(0x80 | n);
            } else if (n < 65536) {
                f.write(0x80 | 126);
                f.write(n >> 8);
                f.write(n & 0xff);
            } else {
                f.write(0x80 | 127);
                for (int i = 7; i >= 0; i--) {
                    f.write((int) ((long) n >> (8 * i) & 0xff));
                }
            }
            byte[] mask = new byte[4];
            RANDOM.nextBytes(mask);
            f.write(mask);
            byte[] masked = new byte[n];
            for (int i = 0; i < n; i++) {
                masked[i] = (byte) (payload[i] ^ mask[i & 3]);
            }
            f.write(masked);
            out.write(f.toByteArray());
            out.flush();
            return this;
        } catch (IOException e) {
            // the server may close while we are still writing; what it sent is read afterwards
            return this;
        }
    }

    /**
     * Sends one frame exactly as told, for the frames a correct client never sends: {@code firstByte}
     * carries FIN, the three RSV bits and the opcode as they go on the wire; {@code masked} false
     * sends the payload unmasked.
     */
    public RawWebSocket sendRawFrame(int firstByte, boolean masked, byte[] payload) {
        try {
            ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
            f.write(firstByte);
            int maskBit = masked ? 0x80 : 0;
            int n = payload.length;
            if (n < 126) {
                f.write(maskBit | n);
            } else if (n < 65536) {
                f.write(maskBit | 126);
                f.write(n >> 8);
                f.write(n & 0xff);
            } else {
                f.write(maskBit | 127);
                for (int i = 7; i >= 0; i--) {
                    f.write((int) ((long) n >> (8 * i) & 0xff));
                }
            }
            byte[] mask = new byte[4];
            if (masked) {
                RANDOM.nextBytes(mask);
                f.write(mask);
            }
            for (int i = 0; i < n; i++) {
                f.write(payload[i] ^ mask[i & 3]);
            }
            out.write(f.toByteArray());
            out.flush();
        } catch (IOException e) {
            // the server may close while we are still writing; what it sent is read afterwards
        }
        return this;
    }

    /**
     * Sends one masked frame of {@code length} bytes of {@code fill} without holding it in memory,
     * in writes of 64 KiB, and answers how many payload bytes were written before the connection
     * refused more (a write failed).
     */
    public long streamFrame(boolean fin, int opcode, long length, byte fill) {
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        ByteArrayOutputStream h = new ByteArrayOutputStream(14);
        h.write((fin ? 0x80 : 0) | opcode);
        if (length < 126) {
            h.write(0x80 | (int) length);
        } else if (length < 65536) {
            h.write(0x80 | 126);
            h.write((int) (length >> 8));
            h.write((int) (length & 0xff));
        } else {
            h.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                h.write((int) (length >> (8 * i) & 0xff));
            }
        }
        h.write(mask, 0, 4);
        byte[] chunk = new byte[65536];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) (fill ^ mask[i & 3]);
        }
        long sent = 0;
        try {
            out.write(h.toByteArray());
            while (sent < length) {
                int n = (int) Math.min(chunk.length, length - sent);
                out.write(chunk, 0, n);
                sent += n;
            }
            out.flush();
        } catch (IOException e) {
            // refused: the server closed the connection
        }
        return sent;
    }

    /** The next frame from the server, or {@code null} when the connection ended without one. */
    public WsFrame read(Duration wait) {
        try {
            socket.setSoTimeout((int) wait.toMillis());
            int b0 = in.read();
            if (b0 < 0) {
                return null;
            }
            int b1 = in.readUnsignedByte();
            long n = b1 & 0x7f;
            if (n == 126) {
                n = in.readUnsignedShort();
            } else if (n == 127) {
                n = in.readLong();
            }
            byte[] payload = new byte[(int) n];
            in.readFully(payload);
            return new WsFrame(b0 & 0x0f, payload);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no WebSocket frame within " + wait);
        } catch (EOFException e) {
            return null;
        } catch (IOException e) {
            return null; // reset by the server
        }
    }

    /** Reads frames until the server's close frame and answers its status code. */
    public int awaitCloseCode(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            WsFrame f = read(Duration.ofMillis(left));
            if (f == null) {
                throw new AssertionError("the connection ended without a close frame");
            }
            if (f.opcode() == CLOSE) {
                return f.closeCode();
            }
        }
    }

    /**
     * Reads (and drops) whatever the server sends until it closes the TCP connection; answers false
     * when it is still open after {@code wait}. The client never answers a close frame here, so this
     * also shows that the server does not wait for an answer for ever.
     */
    public boolean awaitEnd(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        byte[] sink = new byte[4096];
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) left);
                try {
                    if (in.read(sink) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    return false;
                }
            }
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    /** Ends the client's side of the TCP connection (FIN) and keeps reading: a client that goes away. */
    public void halfClose() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
