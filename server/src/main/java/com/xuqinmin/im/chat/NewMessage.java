package com.xuqinmin.im.chat;

/**
 * A validated message waiting for its seq: everything but the position in the conversation.
 * {@code id} is the server id chosen up front, so a retry after a failed batch keeps it.
 */
public record NewMessage(String id, String appKey, String conversationId, ChatType chatType, String fromId,
        String toId, MsgType msgType, String content, String clientMessageId, long createdAt) {

    /** The key that makes resends idempotent: (appKey, fromId, clientMessageId). */
    public String dedupeKey() {
        return appKey + '\u0000' + fromId + '\u0000' + clientMessageId;
    }

    Conversation conversationTemplate() {
        if (chatType == ChatType.GROUP) {
            return Conversation.group(appKey, toId, createdAt);
        }
        return Conversation.single(appKey, fromId, toId, createdAt);
    }
}
