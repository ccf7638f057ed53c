package com.xuqinmin.im.chat;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A stored message. {@code id} is the server's time-ordered id (ULID); {@code seq} its gap-free
 * position in the conversation; {@code clientMessageId} the sender's id that makes resends idempotent.
 */
@Entity
@Table(name = "im_message")
public class Message {

    /**
     * SENT, then maybe REVOKED by its sender or a moderator, or DELETED: its content erased by a data
     * deletion (its sender hard-deleted, or the app's retention passed). The row stays either way,
     * so the conversation's seqs stay gap-free.
     */
    public enum Status { SENT, REVOKED, DELETED }

    @Id
    @Column(name = "id", length = 26)
    private String id;

    @Column(name = "app_key", nullable = false, length = 32)
    private String appKey;

    @Column(name = "conversation_id", nullable = false, length = 140)
    private String conversationId;

    @Column(name = "seq", nullable = false)
    private long seq;

    @Column(name = "from_id", nullable = false, length = 64)
    private String fromId;

    @Column(name = "to_id", nullable = false, length = 64)
    private String toId;

    @Enumerated(EnumType.STRING)
    @Column(name = "chat_type", nullable = false, length = 8)
    private ChatType chatType;

    @Enumerated(EnumType.STRING)
    @Column(name = "msg_type", nullable = false, length = 16)
    private MsgType msgType;

    @Column(name = "content", nullable = false, length = 16384)
    private String content;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private Status status = Status.SENT;

    @Column(name = "client_message_id", nullable = false, length = 64)
    private String clientMessageId;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    @Column(name = "revoked_at")
    private Long revokedAt;

    /** When the content was last edited; {@code null} on a message never edited. */
    @Column(name = "edited_at")
    private Long editedAt;

    /** How many edits the message has had; {@code null} on a message never edited. */
    @Column(name = "edit_count")
    private Integer editCount;

    protected Message() {
    }

    public Message(String id, String appKey, String conversationId, long seq, String fromId, String toId,
            ChatType chatType, MsgType msgType, String content, String clientMessageId, long createdAt) {
        this.id = id;
        this.appKey = appKey;
        this.conversationId = conversationId;
        this.seq = seq;
        this.fromId = fromId;
        this.toId = toId;
        this.chatType = chatType;
        this.msgType = msgType;
        this.content = content;
        this.clientMessageId = clientMessageId;
        this.createdAt = createdAt;
    }

    public String getId() { return id; }
    public String getAppKey() { return appKey; }
    public String getConversationId() { return conversationId; }
    public long getSeq() { return seq; }
    public String getFromId() { return fromId; }
    public String getToId() { return toId; }
    public ChatType getChatType() { return chatType; }
    public MsgType getMsgType() { return msgType; }
    public String getContent() { return content; }
    public Status getStatus() { return status; }
    public String getClientMessageId() { return clientMessageId; }
    public long getCreatedAt() { return createdAt; }
    public Long getRevokedAt() { return revokedAt; }
    public Long getEditedAt() { return editedAt; }
    public int getEditCount() { return editCount == null ? 0 : editCount; }

    /**
     * Revoking keeps the row (seq stays gap-free) but erases the content. The revoke's number in its
     * conversation is a {@link RevokeMark}.
     */
    public void revoke(long now) {
        this.status = Status.REVOKED;
        this.content = "";
        this.revokedAt = now;
    }

    /** The content replaced by an edit; the earlier versions are kept apart (im_message_edit). */
    public void edit(String newContent, long now) {
        this.content = newContent;
        this.editedAt = now;
        this.editCount = getEditCount() + 1;
    }

    public boolean isRevoked() {
        return status == Status.REVOKED;
    }
}
