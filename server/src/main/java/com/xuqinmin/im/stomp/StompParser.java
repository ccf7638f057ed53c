package com.xuqinmin.im.stomp;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Objects;

/**
 * Turns the bytes of one STOMP 1.2 connection into frames and heart-beats as they arrive, however
 * they are cut into messages; one instance per connection, not thread-safe.
 *
 * <p>The first violation of the protocol or of the {@link StompLimits} throws an {@link ImException}
 * and leaves the parser failed: the position in the stream is lost, so every later feed throws too.
 * An exception thrown by the {@link Sink} fails the parser in the same way.
 */
public final class StompParser {

    /** Receives what the parser finds, in stream order. */
    public interface Sink {
        void onFrame(Frame frame);

        /** One end-of-line between frames. */
        void onHeartbeat();
    }

    private static final byte LF = '\n';
    private static final byte CR = '\r';
    private static final byte NUL = 0;
    private static final byte COLON = ':';
    private static final byte BACKSLASH = '\\';
    private static final byte[] NO_BODY = new byte[0];

    /** The bytes a command line may have before its LF: "UNSUBSCRIBE" and a CR. */
    private static final int MAX_COMMAND_LINE = 12;
    /** Ten digits already reach past any int, so the limit check catches every longer real value. */
    private static final int MAX_CONTENT_LENGTH_DIGITS = 10;
    private static final int COPY_CHUNK = 8192;
    private static final int MIN_BUFFER = 256;

    private static final int IDLE = 0;
    private static final int IDLE_CR = 1;
    private static final int COMMAND = 2;
    private static final int HEADERS = 3;
    private static final int FIXED_BODY = 4;
    private static final int FIXED_BODY_END = 5;
    private static final int BODY = 6;
    private static final int FAILED = 7;

    private final int maxFrameBytes;
    private final int maxHeaders;

    private int state = IDLE;
    private ErrorCode failure;

    // the frame in progress
    private int frameBytes;
    private Command command;
    private final ArrayList<Headers.Header> headers = new ArrayList<>();
    private long contentLength = -1;
    private byte[] fixedBody;
    private int fixedBodyFilled;

    // an incomplete line or body carried over to the next feed; released when the frame ends
    private byte[] pending;
    private int pendingLen;

    public StompParser(StompLimits limits) {
        this.maxFrameBytes = limits.maxFrameBytes();
        this.maxHeaders = limits.maxHeaders();
    }

    /** Parses {@code len} bytes at {@code off}, calling the sink for each frame and heart-beat completed. */
    public void feed(byte[] data, int off, int len, Sink sink) {
        Objects.checkFromIndexSize(off, len, data.length);
        Objects.requireNonNull(sink, "sink");
        if (state == FAILED) {
            throw new ImException(failure, "parser failed earlier");
        }
        try {
            parse(data, off, off + len, sink);
        } catch (Throwable t) {
            fail(t instanceof ImException e ? e.error() : ErrorCode.MALFORMED_FRAME);
            throw t;
        }
    }

    /** Parses the remaining bytes of {@code data} and leaves its position at its limit. */
    public void feed(ByteBuffer data, Sink sink) {
        if (data.hasArray()) {
            int n = data.remaining();
            int off = data.arrayOffset() + data.position();
            data.position(data.limit());
            feed(data.array(), off, n, sink);
            return;
        }
        byte[] chunk = new byte[Math.min(data.remaining(), COPY_CHUNK)];
        do {
            int n = Math.min(data.remaining(), chunk.length);
            data.get(chunk, 0, n);
            feed(chunk, 0, n, sink);
        } while (data.hasRemaining());
    }

    /**
     * Parses the content of a WebSocket text message, which stands for its UTF-8 bytes (an unpaired
     * surrogate becomes {@code ?}, as {@link String#getBytes} does).
     */
    public void feed(CharSequence text, Sink sink) {
        if (text instanceof String s) {
            // one copy, and the JDK's fast path for Latin-1 strings
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            feed(bytes, 0, bytes.length, sink);
            return;
        }
        // other sequences are encoded piecewise rather than copied into a String first
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer in = CharBuffer.wrap(text);
        ByteBuffer out = ByteBuffer.allocate((int) Math.min(COPY_CHUNK, 3L * text.length() + 3));
        CoderResult result;
        do {
            result = encoder.encode(in, out, true);
            out.flip();
            feed(out, sink);
            out.clear();
        } while (result.isOverflow());
    }

    /** The bytes of buffers held; zero whenever no frame is in progress. */
    int retainedBytes() {
        return (pending == null ? 0 : pending.length) + (fixedBody == null ? 0 : fixedBody.length);
    }

    private void parse(byte[] a, int pos, int end, Sink sink) {
        while (pos < end) {
            switch (state) {
                case IDLE -> pos = betweenFrames(a, pos, end, sink);
                case IDLE_CR -> {
                    if (a[pos] != LF) {
                        throw malformed("CR not followed by LF between frames");
                    }
                    pos++;
                    state = IDLE;
                    sink.onHeartbeat();
                }
                case COMMAND, HEADERS -> pos = line(a, pos, end);
                case FIXED_BODY -> pos = fixedBody(a, pos, end);
                case FIXED_BODY_END -> {
                    if (a[pos] != NUL) {
                        throw malformed("content-length bytes must be followed by NUL");
                    }
                    frameBytes++;
                    pos++;
                    emit(fixedBody, sink);
                }
                case BODY -> pos = body(a, pos, end, sink);
                default -> throw new IllegalStateException("state " + state);
            }
        }
    }

    private int betweenFrames(byte[] a, int pos, int end, Sink sink) {
        while (pos < end) {
            byte b = a[pos];
            if (b == LF) {
                pos++;
                sink.onHeartbeat();
            } else if (b == CR) {
                state = IDLE_CR;
                return pos + 1;
            } else {
                state = COMMAND;
                return pos;
            }
        }
        return pos;
    }

    /**
     * Reads (part of) the command line or a header line. Every check depends only on the bytes, not
     * on where the input was cut, so any chunking finds the same frames and the same first error.
     */
    private int line(byte[] a, int pos, int end) {
        // a line never ends a frame, so it may take all but the last byte the limit leaves; when
        // the room is used up without an LF the line can no longer end in time
        int room = maxFrameBytes - frameBytes - 1;
        boolean commandCut = false;
        if (state == COMMAND && MAX_COMMAND_LINE + 1 - pendingLen < room) {
            room = MAX_COMMAND_LINE + 1 - pendingLen;
            commandCut = true;
        }
        int stop = end - pos > room ? pos + room : end;
        int lf = indexOf(a, pos, stop, LF);
        if (lf < 0) {
            if (stop - pos == room) {
                throw commandCut ? unknownCommand(a, pos, stop) : tooLarge();
            }
            append(a, pos, end);
            frameBytes += end - pos;
            return end;
        }
        frameBytes += lf + 1 - pos;
        if (pendingLen == 0) {
            onLine(a, pos, lf);
        } else {
            append(a, pos, lf);
            int len = pendingLen;
            pendingLen = 0;
            onLine(pending, 0, len);
        }
        return lf + 1;
    }

    private void onLine(byte[] b, int from, int to) {
        if (to > from && b[to - 1] == CR) {
            to--;
        }
        if (state == COMMAND) {
            onCommandLine(b, from, to);
        } else if (from == to) {
            endOfHeaders();
        } else {
            onHeaderLine(b, from, to);
        }
    }

    private void onCommandLine(byte[] b, int from, int to) {
        Command c = Command.lookup(b, from, to - from);
        if (c == null) {
            if (indexOf(b, from, to, CR) >= 0) {
                throw malformed("CR not followed by LF in the command line");
            }
            throw unknownCommand(b, from, to);
        }
        command = c;
        state = HEADERS;
    }

    private void onHeaderLine(byte[] b, int from, int to) {
        if (headers.size() == maxHeaders) {
            throw new ImException(ErrorCode.TOO_MANY_HEADERS, "more than " + maxHeaders + " headers");
        }
        int colon = -1;
        boolean backslash = false;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == COLON) {
                if (colon < 0) {
                    colon = i;
                }
            } else if (c == BACKSLASH) {
                backslash = true;
            } else if (c == CR) {
                throw malformed("CR not followed by LF in a header line");
            } else if (c == NUL) {
                // usually a frame missing the blank line after its headers; never a real header
                throw malformed("NUL in a header line");
            }
        }
        if (colon < 0) {
            throw malformed("header line without a colon");
        }
        if (colon == from) {
            throw malformed("empty header name");
        }
        String name;
        String value;
        if (backslash && command.escapesHeaders()) {
            if (b != pending) {
                // unescaping shrinks in place; the caller's array must not be written to
                pendingLen = 0;
                append(b, from, to);
                colon -= from;
                to -= from;
                from = 0;
                b = pending;
                pendingLen = 0;
            }
            name = utf8(b, from, unescape(b, from, colon, "name"));
            value = utf8(b, colon + 1, unescape(b, colon + 1, to, "value"));
        } else {
            name = utf8(b, from, colon);
            value = utf8(b, colon + 1, to);
        }
        headers.add(new Headers.Header(name, value));
        if (contentLength < 0 && name.equals("content-length")) {
            contentLength = parseContentLength(value);
            // still to come: at least the blank line, the body and the NUL
            if (frameBytes + 2 + contentLength > maxFrameBytes) {
                throw contentTooLarge();
            }
        }
    }

    private void endOfHeaders() {
        if (contentLength < 0) {
            state = BODY;
            return;
        }
        if (frameBytes + 1 + contentLength > maxFrameBytes) {
            throw contentTooLarge();
        }
        if (contentLength > 0 && !command.bodyAllowed()) {
            throw bodyNotAllowed();
        }
        fixedBody = contentLength == 0 ? NO_BODY : new byte[(int) contentLength];
        fixedBodyFilled = 0;
        state = contentLength == 0 ? FIXED_BODY_END : FIXED_BODY;
    }

    private int fixedBody(byte[] a, int pos, int end) {
        int n = Math.min(end - pos, fixedBody.length - fixedBodyFilled);
        System.arraycopy(a, pos, fixedBody, fixedBodyFilled, n);
        fixedBodyFilled += n;
        frameBytes += n;
        if (fixedBodyFilled == fixedBody.length) {
            state = FIXED_BODY_END;
        }
        return pos + n;
    }

    private int body(byte[] a, int pos, int end, Sink sink) {
        if (!command.bodyAllowed()) {
            if (a[pos] != NUL) {
                throw bodyNotAllowed();
            }
            frameBytes++;
            emit(NO_BODY, sink);
            return pos + 1;
        }
        int room = maxFrameBytes - frameBytes;
        int stop = end - pos > room ? pos + room : end;
        int nul = indexOf(a, pos, stop, NUL);
        if (nul < 0) {
            if (stop - pos == room) {
                throw tooLarge();
            }
            append(a, pos, end);
            frameBytes += end - pos;
            return end;
        }
        frameBytes += nul + 1 - pos;
        byte[] body;
        if (pendingLen == 0) {
            body = nul == pos ? NO_BODY : Arrays.copyOfRange(a, pos, nul);
        } else {
            body = Arrays.copyOf(pending, pendingLen + nul - pos);
            System.arraycopy(a, pos, body, pendingLen, nul - pos);
        }
        emit(body, sink);
        return nul + 1;
    }

    private void emit(byte[] body, Sink sink) {
        Frame frame = new Frame(command, Headers.of(headers), body);
        reset();
        state = IDLE;
        sink.onFrame(frame);
    }

    private void fail(ErrorCode error) {
        reset();
        state = FAILED;
        failure = error;
    }

    private void reset() {
        frameBytes = 0;
        command = null;
        headers.clear();
        contentLength = -1;
        fixedBody = null;
        fixedBodyFilled = 0;
        pending = null;
        pendingLen = 0;
    }

    private void append(byte[] a, int from, int to) {
        int n = to - from;
        int need = pendingLen + n;
        if (pending == null || need > pending.length) {
            // a frame never needs more than the limit, so neither does its buffer
            int size = pending == null ? MIN_BUFFER : pending.length * 2;
            size = Math.max(need, Math.min(size, maxFrameBytes));
            pending = pending == null ? new byte[size] : Arrays.copyOf(pending, size);
        }
        System.arraycopy(a, from, pending, pendingLen, n);
        pendingLen = need;
    }

    /** Decodes the escapes of a header name or value in place and answers where it now ends. */
    private static int unescape(byte[] b, int from, int to, String part) {
        int w = from;
        for (int r = from; r < to; r++) {
            byte c = b[r];
            if (c == BACKSLASH) {
                if (++r == to) {
                    throw new ImException(ErrorCode.INVALID_ESCAPE, "incomplete escape at the end of a header " + part);
                }
                c = switch (b[r]) {
                    case 'r' -> CR;
                    case 'n' -> LF;
                    case 'c' -> COLON;
                    case '\\' -> BACKSLASH;
                    default -> throw new ImException(ErrorCode.INVALID_ESCAPE,
                            "invalid escape \\" + printable(b[r]) + " in header " + part);
                };
            }
            b[w++] = c;
        }
        return w;
    }

    private static long parseContentLength(String value) {
        int n = value.length();
        if (n == 0 || n > MAX_CONTENT_LENGTH_DIGITS) {
            throw malformed("content-length must be a non-negative integer");
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw malformed("content-length must be a non-negative integer");
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static String utf8(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] a, int from, int to, byte x) {
        for (int i = from; i < to; i++) {
            if (a[i] == x) {
                return i;
            }
        }
        return -1;
    }

    /** The byte itself when it is a visible ASCII character, else its hex code: safe to echo. */
    private static String printable(byte b) {
        return b > ' ' && b < 0x7f ? String.valueOf((char) b) : String.format("x%02X", b & 0xff);
    }

    private static ImException malformed(String message) {
        return new ImException(ErrorCode.MALFORMED_FRAME, message);
    }

    private ImException tooLarge() {
        return new ImException(ErrorCode.FRAME_TOO_LARGE, "frame larger than " + maxFrameBytes + " bytes");
    }

    private ImException contentTooLarge() {
        return new ImException(ErrorCode.FRAME_TOO_LARGE,
                "content-length " + contentLength + " does not fit in a frame of " + maxFrameBytes + " bytes");
    }

    private ImException bodyNotAllowed() {
        return malformed(command + " frames must not have a body");
    }

    /** Names the command only when it is plain letters, so nothing odd is echoed. */
    private ImException unknownCommand(byte[] b, int from, int to) {
        // the start of a command line cut short may still wait in the buffer
        byte[] line = Arrays.copyOf(pending == null ? NO_BODY : pending, pendingLen + to - from);
        System.arraycopy(b, from, line, pendingLen, to - from);
        boolean letters = line.length <= MAX_COMMAND_LINE;
        for (byte c : line) {
            letters &= (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        }
        return new ImException(ErrorCode.UNKNOWN_COMMAND,
                letters ? "unknown command " + new String(line, StandardCharsets.US_ASCII) : "unknown command");
    }
}
