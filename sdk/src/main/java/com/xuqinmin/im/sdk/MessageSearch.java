package com.xuqinmin.im.sdk;

/**
 * What {@link Messages#searchPage} and {@link Messages#search} look for: every word of {@code q}
 * (1 to 100 characters) in the app's messages, optionally narrowed to one sender, one conversation
 * and a time range. Revoked, erased and ENCRYPTED messages never match. Immutable: each
 * {@code with...} answers a copy.
 */
public final class MessageSearch {
    private final String q;
    private final String userId;
    private final String conversationId;
    private final Long from;
    private final Long to;

    private MessageSearch(String q, String userId, String conversationId, Long from, Long to) {
        this.q = q;
        this.userId = userId;
        this.conversationId = conversationId;
        this.from = from;
        this.to = to;
    }

    /** A search for the messages that contain every word of {@code q}. */
    public static MessageSearch of(String q) {
        if (q == null || q.trim().isEmpty()) {
            throw new IllegalArgumentException("q must not be empty");
        }
        return new MessageSearch(q, null, null, null, null);
    }

    /** Only what {@code userId} sent. */
    public MessageSearch withUserId(String userId) {
        return new MessageSearch(q, userId, conversationId, from, to);
    }

    /** Only one conversation ({@link Messages#singleConversation}, {@link Messages#groupConversation}). */
    public MessageSearch withConversationId(String conversationId) {
        return new MessageSearch(q, userId, conversationId, from, to);
    }

    /** Only messages created at or after {@code fromMillis} and before {@code toMillis} (Unix ms; null: open). */
    public MessageSearch between(Long fromMillis, Long toMillis) {
        return new MessageSearch(q, userId, conversationId, fromMillis, toMillis);
    }

    public String q() {
        return q;
    }

    public String userId() {
        return userId;
    }

    public String conversationId() {
        return conversationId;
    }

    public Long from() {
        return from;
    }

    public Long to() {
        return to;
    }

    /** The query string of the call, each value percent-encoded. */
    String query(String cursor, int limit) {
        StringBuilder sb = new StringBuilder("q=").append(Paths.seg(q)).append("&limit=").append(limit);
        if (userId != null) {
            sb.append("&userId=").append(Paths.seg(userId));
        }
        if (conversationId != null) {
            sb.append("&conversationId=").append(Paths.seg(conversationId));
        }
        if (from != null) {
            sb.append("&from=").append(from);
        }
        if (to != null) {
            sb.append("&to=").append(to);
        }
        if (cursor != null) {
            sb.append("&cursor=").append(Paths.seg(cursor));
        }
        return sb.toString();
    }
}
