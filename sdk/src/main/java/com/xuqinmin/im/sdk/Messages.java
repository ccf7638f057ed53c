package com.xuqinmin.im.sdk;

import static com.xuqinmin.im.sdk.Paths.seg;

import com.xuqinmin.im.sdk.Transport.Retry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Messages ({@code /api/im/admin/messages}): send as a user or the system account, send to many,
 * revoke, edit, read history, search. Thread-safe.
 */
public final class Messages {

    private static final String BASE = "/api/im/admin/messages";
    /** The largest page the server gives. */
    private static final int MAX_LIMIT = 100;

    private final Transport t;

    Messages(Transport t) {
        this.t = t;
    }

    /** How many messages the app has stored, in all and on each of the last seven days (UTC). */
    public MessageCounts counts() {
        return MessageCounts.of(t.signed("GET", "/api/im/admin/app/stats/messages", null, Retry.SAFE));
    }

    /**
     * Sends a message as its {@code fromId} (a user, bound by the same rules as over the WebSocket, or
     * {@link SendMessage#SYSTEM}) and answers the stored message. Retried after a network failure only
     * when it carries a messageId, which makes a resend answer the first stored copy.
     */
    public Message send(SendMessage message) {
        return Message.of(t.signed("POST", BASE + "/send", message.json(),
                message.messageId() != null ? Retry.SAFE : Retry.ONLY_IF_NOT_SENT));
    }

    /**
     * Sends one single-chat message to each receiver; one result per distinct receiver, in the order
     * given, each a success or a refusal of its own. Retried only when it carries a messageId.
     */
    public List<BatchResult> batchSend(BatchSend batch) {
        Json.Obj data = t.signed("POST", BASE + "/batch-send", batch.json(),
                batch.messageId() != null ? Retry.SAFE : Retry.ONLY_IF_NOT_SENT);
        List<BatchResult> out = new ArrayList<>();
        for (Json.Obj r : data.objs("results")) {
            out.add(BatchResult.of(r));
        }
        return Collections.unmodifiableList(out);
    }

    /** Revokes any message by its server {@link Message#id()}, at any time; answers it, now REVOKED. */
    public Message revoke(String id) {
        return Message.of(t.signed("POST", BASE + "/" + seg(id) + "/revoke", null, Retry.SAFE));
    }

    /**
     * Replaces the content of any message by its server {@link Message#id()}, at any time (a revoked
     * message cannot be edited); answers it with its new content, {@code editedAt} and {@code editCount}.
     * With an {@code editId} (null: none) a retried edit answers the first one's result and stores no
     * second version, so it is retried after a network failure; without one it is not.
     */
    public Message edit(String id, String content, String editId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("content", content);
        if (editId != null) {
            body.put("editId", editId);
        }
        return Message.of(t.signed("POST", BASE + "/" + seg(id) + "/edit", body,
                editId != null ? Retry.SAFE : Retry.ONLY_IF_NOT_SENT));
    }

    /**
     * One page of a conversation's history, newest first: the messages below {@code beforeSeq} (null:
     * from the newest), at most {@code limit} (1 to 100).
     */
    public HistoryPage historyPage(String conversationId, Long beforeSeq, int limit) {
        StringBuilder q = new StringBuilder(BASE).append("?conversationId=").append(seg(conversationId))
                .append("&limit=").append(limit);
        if (beforeSeq != null) {
            q.append("&beforeSeq=").append(beforeSeq);
        }
        return HistoryPage.of(t.signed("GET", q.toString(), null, Retry.SAFE));
    }

    /**
     * The whole history of a conversation ({@code s:{userA}:{userB}}, see {@link #singleConversation},
     * or {@code g:{groupId}}), newest first, fetched a page at a time as it is iterated. Each
     * {@code iterator()} starts again from the newest message.
     */
    public Iterable<Message> history(String conversationId) {
        return () -> new Paged<>(new Supplier<List<Message>>() {
            private Long beforeSeq;
            private boolean more = true;

            @Override
            public List<Message> get() {
                if (!more) {
                    return null;
                }
                HistoryPage p = historyPage(conversationId, beforeSeq, MAX_LIMIT);
                List<Message> ms = p.messages();
                more = p.hasMore() && !ms.isEmpty();
                if (!ms.isEmpty()) {
                    beforeSeq = ms.get(ms.size() - 1).seq();
                }
                return ms;
            }
        });
    }

    /**
     * One page of the app's compliance search, newest first: the messages that contain every word of
     * the search's {@code q}, from {@code cursor} (null: the newest; else a {@link SearchPage#nextCursor()}),
     * at most {@code limit} (1 to 100). The server writes each search to the app's audit log.
     */
    public SearchPage searchPage(MessageSearch search, String cursor, int limit) {
        return SearchPage.of(t.signed("GET", BASE + "/search?" + search.query(cursor, limit), null, Retry.SAFE));
    }

    /**
     * Every message that matches, newest first, fetched a page at a time as it is iterated (each page
     * one audited search). Each {@code iterator()} starts again from the newest.
     */
    public Iterable<Message> search(MessageSearch search) {
        return () -> new Paged<>(new Supplier<List<Message>>() {
            private String cursor;
            private boolean more = true;

            @Override
            public List<Message> get() {
                if (!more) {
                    return null;
                }
                SearchPage p = searchPage(search, cursor, MAX_LIMIT);
                more = p.hasMore() && p.nextCursor() != null;
                cursor = p.nextCursor();
                return p.messages();
            }
        });
    }

    /** The id of the single chat between two users. */
    public static String singleConversation(String userA, String userB) {
        return userA.compareTo(userB) <= 0 ? "s:" + userA + ":" + userB : "s:" + userB + ":" + userA;
    }

    /** The id of a group's conversation. */
    public static String groupConversation(String groupId) {
        return "g:" + groupId;
    }
}
