package com.xuqinmin.im.chat;

import com.xuqinmin.im.platform.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;

/** Writes the JSON bodies the server delivers: messages (PROTOCOL.md §4), EDITED and READ notices. */
public final class MessageJson {

    private MessageJson() {
    }

    /** The MESSAGE body: the seed's fields first, then the additions clients may ignore. */
    public static String message(StoredMessage m) {
        return message(m, false, null);
    }

    /**
     * The MESSAGE body with the message's {@code readCount} (group read receipts: how many members
     * read it, on its sender's own messages) when not {@code null}.
     */
    public static String message(StoredMessage m, Long readCount) {
        return message(m, false, readCount);
    }

    /**
     * The EDITED notice: the message as it is after an edit (latest content, {@code editedAt},
     * {@code editCount}), tagged {@code "type":"EDITED"}; a client replaces its copy by {@code id}.
     */
    public static String editedNotice(StoredMessage m) {
        return message(m, true, null);
    }

    private static String message(StoredMessage m, boolean editedNotice, Long readCount) {
        StringBuilder sb = new StringBuilder(192 + m.content().length());
        sb.append('{');
        Json.field(sb, "id", m.id());
        Json.field(sb, "messageId", m.messageId());
        Json.field(sb, "fromId", m.fromId());
        Json.field(sb, "toId", m.toId());
        Json.field(sb, "chatType", m.chatType().name());
        Json.field(sb, "msgType", m.msgType().name());
        Json.field(sb, "content", m.content());
        Json.field(sb, "status", m.status().name());
        Json.field(sb, "createdAt", m.createdAt());
        Json.field(sb, "conversationId", m.conversationId());
        Json.field(sb, "seq", m.seq());
        if (m.revokedAt() != null) {
            Json.field(sb, "revokedAt", m.revokedAt());
        }
        if (m.editedAt() != null) {
            Json.field(sb, "editedAt", m.editedAt());
            Json.field(sb, "editCount", m.editCount());
        }
        if (readCount != null) {
            Json.field(sb, "readCount", readCount);
        }
        if (editedNotice) {
            Json.field(sb, "type", "EDITED");
        }
        return sb.append('}').toString();
    }

    /** The MESSAGE body as a JSON object, for the HTTP API: the same fields, written in one place. */
    public static JsonObject object(StoredMessage m) {
        return object(m, null);
    }

    /** The MESSAGE body as a JSON object, with its {@code readCount} when not {@code null}. */
    public static JsonObject object(StoredMessage m, Long readCount) {
        return Json.parseObject(message(m, readCount).getBytes(StandardCharsets.UTF_8));
    }

    /** A READ notice: {@code reader} has read {@code conversationId} up to {@code seq}. */
    public static String readNotice(String conversationId, String reader, long seq, long readAt) {
        StringBuilder sb = new StringBuilder(128);
        sb.append('{');
        Json.field(sb, "type", "READ");
        Json.field(sb, "conversationId", conversationId);
        Json.field(sb, "userId", reader);
        Json.field(sb, "seq", seq);
        Json.field(sb, "readAt", readAt);
        return sb.append('}').toString();
    }
}
