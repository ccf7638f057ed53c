package com.xuqinmin.im.stomp;

import java.nio.charset.StandardCharsets;

/**
 * A MESSAGE frame for one destination and body, encoded once and written to many subscriptions:
 * only {@code subscription}, {@code message-id} and {@code ack} differ between the copies. A group
 * message delivered to 1,000 sessions is encoded once instead of 1,000 times (bench/: the per-session
 * encode and body copies were most of the fan-out's allocation, and the young-GC pauses it caused
 * showed up in the group scenario's p99).
 *
 * <p>A copy reads back (with {@link StompParser}) as the frame with the headers {@code destination,
 * subscription, message-id, content-type, [ack,] content-length} that {@link StompEncoder} would write
 * for it; the body is the UTF-8 of the text, with an unpaired surrogate written as {@code ?}, as
 * {@link String#getBytes} does.
 */
public final class SharedMessage {

    private final String destination;
    private final String head;
    private final String type;
    private final String tail;
    private final int length;

    /** @param body the body as text (typically JSON) */
    public SharedMessage(String destination, String contentType, String body) {
        if (hasUnpairedSurrogate(body)) {
            body = new String(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        }
        this.destination = destination;
        this.head = "MESSAGE\ndestination:" + escape(destination) + "\nsubscription:";
        this.type = "content-type:" + escape(contentType) + '\n';
        int bytes = utf8Length(body);
        this.tail = (bytes == 0 ? "" : "content-length:" + bytes + '\n') + '\n' + body + '\0';
        this.length = head.length() + type.length() + tail.length() + 64;
    }

    public String destination() {
        return destination;
    }

    /** The frame for one subscription; {@code ackHeader} adds {@code ack:<messageId>} (client acks). */
    public MessageCopy copy(String subscription, String messageId, boolean ackHeader) {
        return new MessageCopy(this, subscription, messageId, ackHeader);
    }

    void append(StringBuilder out, MessageCopy c) {
        out.append(head).append(escape(c.subscription())).append("\nmessage-id:").append(escape(c.messageId())).append('\n')
                .append(type);
        if (c.ackHeader()) {
            out.append("ack:").append(escape(c.messageId())).append('\n');
        }
        out.append(tail);
    }

    int textLength() {
        return length;
    }

    /** STOMP 1.2 header escaping (MESSAGE frames escape {@code \}, LF, CR and {@code :}). */
    static String escape(String s) {
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\' || c == '\n' || c == '\r' || c == ':' || c == 0) {
                break;
            }
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(n + 8).append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case ':' -> b.append("\\c");
                case 0 -> throw new IllegalArgumentException("headers cannot contain NUL");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean hasUnpairedSurrogate(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** The UTF-8 length of a string without unpaired surrogates. */
    private static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
