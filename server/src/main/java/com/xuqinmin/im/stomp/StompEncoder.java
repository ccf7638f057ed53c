package com.xuqinmin.im.stomp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes frames in the STOMP 1.2 wire format, as bytes for binary WebSocket messages or as a string
 * for text messages; the output is what {@link StompParser} reads back into an equal frame.
 */
public final class StompEncoder {

    /** One heart-beat: an EOL sent between frames. */
    public static final byte[] HEARTBEAT = {'\n'};
    public static final String HEARTBEAT_TEXT = "\n";

    private static final String CONTENT_LENGTH = "content-length";

    private StompEncoder() {
    }

    /**
     * The frame's bytes. Headers are escaped, except in CONNECT and CONNECTED frames, which STOMP
     * writes raw; a non-empty body gets a {@code content-length} header unless it has one.
     *
     * @throws IllegalArgumentException when the frame cannot be written so that it reads back the
     *     same: a body on a command that forbids one, a {@code content-length} that is not the body's
     *     length, an empty header name, a NUL in a header, or a CR, LF (or a colon in a name) in a
     *     CONNECT or CONNECTED header
     */
    public static byte[] encode(Frame frame) {
        Command command = frame.command();
        byte[] body = frame.body();
        if (body.length > 0 && !command.bodyAllowed()) {
            throw new IllegalArgumentException(command + " frames cannot have a body");
        }
        String declared = frame.header(CONTENT_LENGTH);
        if (declared != null && !sameNumber(declared, body.length)) {
            throw new IllegalArgumentException(
                    "content-length " + declared + " does not match the body's " + body.length + " bytes");
        }
        boolean escape = command.escapesHeaders();
        Bytes out = new Bytes(estimate(frame));
        out.put(command.bytes()).put((byte) '\n');
        for (Headers.Header h : frame.headers()) {
            if (h.name().isEmpty()) {
                throw new IllegalArgumentException("empty header name");
            }
            out.putHeaderText(h.name(), escape, true).put((byte) ':');
            out.putHeaderText(h.value(), escape, false).put((byte) '\n');
        }
        if (body.length > 0 && declared == null) {
            out.putAscii(CONTENT_LENGTH).put((byte) ':').putAscii(Integer.toString(body.length)).put((byte) '\n');
        }
        return out.put((byte) '\n').put(body).put((byte) 0).toArray();
    }

    /**
     * The frame as the content of a WebSocket text message.
     *
     * @throws IllegalArgumentException as {@link #encode}, and when the body is not valid UTF-8 (its
     *     content-length would not survive the trip through a string: send it as binary instead)
     */
    public static String encodeText(Frame frame) {
        if (!isUtf8(frame.body())) {
            throw new IllegalArgumentException("body is not valid UTF-8; send the frame as a binary message");
        }
        return new String(encode(frame), StandardCharsets.UTF_8);
    }

    /** Leading zeros are legal in a content-length the parser read, so compare the numbers. */
    private static boolean sameNumber(String declared, int length) {
        if (declared.isEmpty() || declared.length() > 10) {
            return false;
        }
        long v = 0;
        for (int i = 0; i < declared.length(); i++) {
            char c = declared.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            v = v * 10 + (c - '0');
        }
        return v == length;
    }

    private static boolean isUtf8(byte[] body) {
        for (byte b : body) {
            if (b < 0) {
                try {
                    StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body));
                    return true;
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int estimate(Frame frame) {
        int n = 32 + frame.body().length;
        for (Headers.Header h : frame.headers()) {
            n += h.name().length() + h.value().length() + 4;
        }
        return n;
    }

    /** A growable byte array that knows how to write header text. */
    private static final class Bytes {
        private byte[] buf;
        private int len;

        Bytes(int capacity) {
            buf = new byte[capacity];
        }

        Bytes put(byte b) {
            ensure(1);
            buf[len++] = b;
            return this;
        }

        Bytes put(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
            return this;
        }

        Bytes putAscii(String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                buf[len++] = (byte) s.charAt(i);
            }
            return this;
        }

        /**
         * Writes a header name or value as UTF-8, escaped or raw. An unpaired surrogate becomes
         * {@code ?}, as in {@link String#getBytes}.
         */
        Bytes putHeaderText(String s, boolean escape, boolean name) {
            for (int i = 0, n = s.length(); i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    i = putNonAscii(s, i);
                } else if (c == '\\' && escape) {
                    put((byte) '\\').put((byte) '\\');
                } else if (c == '\n' || c == '\r' || (c == ':' && (escape || name))) {
                    if (!escape) {
                        throw new IllegalArgumentException("CONNECT and CONNECTED headers cannot contain "
                                + (c == ':' ? "a colon in a name" : "CR or LF"));
                    }
                    put((byte) '\\').put((byte) (c == '\n' ? 'n' : c == '\r' ? 'r' : 'c'));
                } else if (c == 0) {
                    throw new IllegalArgumentException("headers cannot contain NUL");
                } else {
                    put((byte) c);
                }
            }
            return this;
        }

        private int putNonAscii(String s, int i) {
            char c = s.charAt(i);
            ensure(4);
            if (c < 0x800) {
                buf[len++] = (byte) (0xC0 | c >> 6);
                buf[len++] = (byte) (0x80 | c & 0x3F);
            } else if (!Character.isSurrogate(c)) {
                buf[len++] = (byte) (0xE0 | c >> 12);
                buf[len++] = (byte) (0x80 | c >> 6 & 0x3F);
                buf[len++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[len++] = (byte) (0xF0 | cp >> 18);
                buf[len++] = (byte) (0x80 | cp >> 12 & 0x3F);
                buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buf[len++] = (byte) (0x80 | cp & 0x3F);
            } else {
                buf[len++] = '?';
            }
            return i;
        }

        private void ensure(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(len + n, buf.length * 2));
            }
        }

        byte[] toArray() {
            return len == buf.length ? buf : Arrays.copyOf(buf, len);
        }
    }
}
