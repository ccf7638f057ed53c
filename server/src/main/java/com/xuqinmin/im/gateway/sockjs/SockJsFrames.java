package com.xuqinmin.im.gateway.sockjs;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The framing of the SockJS protocol 0.3.3: what the server writes ({@code o} open, {@code h}
 * heart-beat, {@code a[...]} an array of messages, {@code c[code,"reason"]} close) and what it reads
 * (a JSON array of strings, or one JSON string). Each message is one STOMP "WebSocket message":
 * frames, a batch of frames or a heart-beat EOL.
 */
final class SockJsFrames {

    static final String OPEN = "o";
    static final String HEARTBEAT = "h";
    static final String ANOTHER_CONNECTION = close(2010, "Another connection still open");

    private static final JsonProvider JSON = JsonProvider.provider();

    private SockJsFrames() {
    }

    /** {@code a["message"]}: one message in an array frame. */
    static String array(String message) {
        StringBuilder sb = new StringBuilder(message.length() + 16).append("a[");
        quote(sb, message);
        return sb.append(']').toString();
    }

    /** {@code c[code,"reason"]}. */
    static String close(int code, String reason) {
        StringBuilder sb = new StringBuilder(32).append("c[").append(code).append(',');
        quote(sb, reason == null ? "" : reason);
        return sb.append(']').toString();
    }

    /**
     * Appends {@code s} as a JSON string, escaping what JSON requires and what SockJS clients need
     * escaped to survive browsers' handling of the transports (sockjs-protocol's
     * {@code escapable_by_server}: U+0000–001F, U+200C–200F, U+2028–202F, U+2060–206F, U+FFF0–FFFF),
     * and lone surrogates, which UTF-8 cannot carry.
     */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (escaped(c)) {
                        sb.append("\\u");
                        String hex = Integer.toHexString(c);
                        for (int k = hex.length(); k < 4; k++) {
                            sb.append('0');
                        }
                        sb.append(hex);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static boolean escaped(char c) {
        return c < 0x20
                || (c >= '\u200c' && c <= '\u200f')
                || (c >= '\u2028' && c <= '\u202f')
                || (c >= '\u2060' && c <= '\u206f')
                || c >= '\ufff0'
                || Character.isSurrogate(c);
    }

    /**
     * The messages a client sent: a JSON array of strings, or one JSON string (the WebSocket
     * transport allows both). {@code null} for an empty payload.
     *
     * @throws ImException {@code MALFORMED_FRAME} ("Broken JSON encoding.") for anything else
     */
    static List<String> messages(String payload) {
        if (payload.isEmpty()) {
            return null;
        }
        JsonValue v;
        try (JsonParser p = JSON.createParser(new StringReader(payload))) {
            p.next();
            v = p.getValue();
            if (p.hasNext()) {
                throw broken(); // something after the value
            }
        } catch (RuntimeException e) {
            // JsonException for malformed text, and Parsson's own limits (nesting, number sizes)
            throw broken();
        }
        if (v instanceof JsonString s) {
            return List.of(s.getString());
        }
        if (!(v instanceof JsonArray a)) {
            throw broken();
        }
        List<String> out = new ArrayList<>(a.size());
        for (JsonValue m : a) {
            if (!(m instanceof JsonString s)) {
                throw broken();
            }
            out.add(s.getString());
        }
        return out;
    }

    private static ImException broken() {
        return new ImException(ErrorCode.MALFORMED_FRAME, "Broken JSON encoding.");
    }
}
