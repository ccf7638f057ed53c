package com.xuqinmin.im.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * The client side of STOMP 1.2 text frames, written from the protocol page rather than taken from the
 * server, so the generator can load any server that speaks the seed protocol.
 */
final class StompText {

    /** A received frame: the command, the first value of each header (unescaped) and the body. */
    record Frame(String command, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private StompText() {
    }

    /** A frame with its headers given as name, value, name, value …; values are escaped. */
    static String frame(String command, String body, String... namesAndValues) {
        StringBuilder sb = new StringBuilder(64 + (body == null ? 0 : body.length()));
        sb.append(command).append('\n');
        for (int i = 0; i < namesAndValues.length; i += 2) {
            sb.append(namesAndValues[i]).append(':');
            escape(sb, namesAndValues[i + 1]);
            sb.append('\n');
        }
        sb.append('\n');
        if (body != null) {
            sb.append(body);
        }
        return sb.append('\0').toString();
    }

    /** CONNECT headers are not escaped (STOMP 1.2), so the token goes in raw. */
    static String connect(String token, String deviceId) {
        return "CONNECT\naccept-version:1.2\nheart-beat:0,0\nhost:bench\nAuthorization:Bearer " + token
                + (deviceId == null ? "" : "\ndevice-id:" + deviceId) + "\n\n\0";
    }

    private static void escape(StringBuilder sb, String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case ':' -> sb.append("\\c");
                default -> sb.append(c);
            }
        }
    }

    /**
     * Parses one frame that starts at {@code from}; returns the index after its NUL, or -1 when the text
     * holds no complete frame there. EOLs before a frame are heart-beats and skipped.
     */
    static int parse(String text, int from, java.util.function.Consumer<Frame> sink) {
        int i = from;
        while (i < text.length() && (text.charAt(i) == '\n' || text.charAt(i) == '\r')) {
            i++;
        }
        if (i >= text.length()) {
            return text.length();
        }
        int eol = text.indexOf('\n', i);
        if (eol < 0) {
            return -1;
        }
        String command = text.substring(i, eol).strip();
        Map<String, String> headers = new HashMap<>(8);
        int pos = eol + 1;
        int contentLength = -1;
        while (true) {
            int end = text.indexOf('\n', pos);
            if (end < 0) {
                return -1;
            }
            int lineEnd = end > pos && text.charAt(end - 1) == '\r' ? end - 1 : end;
            if (lineEnd == pos) {
                pos = end + 1;
                break;
            }
            int colon = text.indexOf(':', pos);
            if (colon > 0 && colon < lineEnd) {
                String name = text.substring(pos, colon);
                String value = "CONNECTED".equals(command) ? text.substring(colon + 1, lineEnd)
                        : unescape(text.substring(colon + 1, lineEnd));
                headers.putIfAbsent(name, value);
                if ("content-length".equals(name)) {
                    contentLength = Integer.parseInt(value);
                }
            }
            pos = end + 1;
        }
        int bodyEnd;
        if (contentLength >= 0 && isAscii(text, pos, contentLength)) {
            bodyEnd = pos + contentLength;
        } else {
            // content-length counts UTF-8 bytes; for non-ASCII bodies fall back to the NUL
            bodyEnd = text.indexOf('\0', pos);
        }
        if (bodyEnd < 0 || bodyEnd >= text.length()) {
            return -1;
        }
        sink.accept(new Frame(command, headers, text.substring(pos, bodyEnd)));
        return bodyEnd + 1;
    }

    private static boolean isAscii(String s, int from, int len) {
        int end = Math.min(s.length(), from + len);
        for (int i = from; i < end; i++) {
            if (s.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String unescape(String v) {
        if (v.indexOf('\\') < 0) {
            return v;
        }
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char n = v.charAt(++i);
                sb.append(switch (n) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 'c' -> ':';
                    default -> n;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The string value of a top-level field of a flat JSON object the server wrote, or null. */
    static String jsonString(String json, String field) {
        String key = "\"" + field + "\":\"";
        int i = json.indexOf(key);
        if (i < 0) {
            return null;
        }
        int start = i + key.length();
        int end = json.indexOf('"', start);
        return end < 0 ? null : json.substring(start, end);
    }

    /** The integer value of a top-level field of a flat JSON object, or -1. */
    static long jsonLong(String json, String field) {
        String key = "\"" + field + "\":";
        int i = json.indexOf(key);
        if (i < 0) {
            return -1;
        }
        int p = i + key.length();
        long v = 0;
        boolean any = false;
        while (p < json.length() && Character.isDigit(json.charAt(p))) {
            v = v * 10 + (json.charAt(p++) - '0');
            any = true;
        }
        return any ? v : -1;
    }
}
