package com.xuqinmin.im.chat;

/**
 * A message as clients see it (the MESSAGE body of PROTOCOL.md §4), taken from the database row.
 * {@code duplicate} says that a resend was answered with the message stored the first time;
 * {@code editedAt} is null and {@code editCount} 0 on a message never edited.
 */
public record StoredMessage(String id, String messageId, String appKey, String fromId, String toId, ChatType chatType,
        MsgType msgType, String content, Message.Status status, long createdAt, String conversationId, long seq,
        Long revokedAt, boolean duplicate, Long editedAt, int editCount) {

    /** A message never edited. */
    public StoredMessage(String id, String messageId, String appKey, String fromId, String toId, ChatType chatType,
            MsgType msgType, String content, Message.Status status, long createdAt, String conversationId, long seq,
            Long revokedAt, boolean duplicate) {
        this(id, messageId, appKey, fromId, toId, chatType, msgType, content, status, createdAt, conversationId, seq,
                revokedAt, duplicate, null, 0);
    }

    public static StoredMessage of(Message m, boolean duplicate) {
        return new StoredMessage(m.getId(), m.getClientMessageId(), m.getAppKey(), m.getFromId(), m.getToId(),
                m.getChatType(), m.getMsgType(), m.getContent(), m.getStatus(), m.getCreatedAt(),
                m.getConversationId(), m.getSeq(), m.getRevokedAt(), duplicate, m.getEditedAt(), m.getEditCount());
    }

    public StoredMessage asDuplicate() {
        return duplicate ? this : new StoredMessage(id, messageId, appKey, fromId, toId, chatType, msgType, content,
                status, createdAt, conversationId, seq, revokedAt, true, editedAt, editCount);
    }

    public boolean revoked() {
        return status == Message.Status.REVOKED;
    }
}
