package com.xuqinmin.im.sdk;

/** A stored message: the same fields as the MESSAGE body clients receive. */
public final class Message {
    private final String id;
    private final String messageId;
    private final String fromId;
    private final String toId;
    private final ChatType chatType;
    private final MsgType msgType;
    private final String content;
    private final MessageStatus status;
    private final long createdAt;
    private final String conversationId;
    private final long seq;
    private final Long revokedAt;
    private final Long editedAt;
    private final int editCount;
    private final Long readCount;

    private Message(Json.Obj o) {
        this.id = o.str("id");
        this.messageId = o.str("messageId");
        this.fromId = o.str("fromId");
        this.toId = o.str("toId");
        this.chatType = o.has("chatType") ? ChatType.valueOf(o.str("chatType")) : null;
        this.msgType = o.has("msgType") ? MsgType.valueOf(o.str("msgType")) : null;
        this.content = o.str("content");
        this.status = o.has("status") ? MessageStatus.valueOf(o.str("status")) : null;
        this.createdAt = o.lng("createdAt", 0);
        this.conversationId = o.str("conversationId");
        this.seq = o.lng("seq", 0);
        this.revokedAt = o.lng("revokedAt");
        this.editedAt = o.lng("editedAt");
        this.editCount = (int) o.lng("editCount", 0);
        this.readCount = o.lng("readCount");
    }

    static Message of(Json.Obj o) {
        return new Message(o);
    }

    /** The server's id of the message (what {@link Messages#revoke} takes). */
    public String id() {
        return id;
    }

    /** The sender's own id of the message, which makes a resend idempotent. */
    public String messageId() {
        return messageId;
    }

    public String fromId() {
        return fromId;
    }

    /** The receiver's userId, or the groupId. */
    public String toId() {
        return toId;
    }

    public ChatType chatType() {
        return chatType;
    }

    public MsgType msgType() {
        return msgType;
    }

    /** The content; empty once revoked. */
    public String content() {
        return content;
    }

    public MessageStatus status() {
        return status;
    }

    /** Unix ms. */
    public long createdAt() {
        return createdAt;
    }

    /** {@code s:{userA}:{userB}} or {@code g:{groupId}}. */
    public String conversationId() {
        return conversationId;
    }

    /** The message's position in its conversation, from 1. */
    public long seq() {
        return seq;
    }

    /** When it was revoked (Unix ms), or null. */
    public Long revokedAt() {
        return revokedAt;
    }

    /** When its content was last edited (Unix ms), or null if it never was. */
    public Long editedAt() {
        return editedAt;
    }

    /** How many times its content was edited; 0 if it never was. */
    public int editCount() {
        return editCount;
    }

    /**
     * In a history of a group with read receipts on: how many members other than its sender read it;
     * null elsewhere (a single chat, receipts off, a message as sent or edited).
     */
    public Long readCount() {
        return readCount;
    }

    @Override
    public String toString() {
        return "Message[" + id + ", " + conversationId + "#" + seq + ", from=" + fromId + ", to=" + toId + ", "
                + msgType + ", " + status + "]";
    }
}
