package com.xuqinmin.im.delivery;

import java.util.List;

/**
 * A user read a conversation up to a seq: the READ notice goes to the personal queues of
 * {@code recipients} (the peer, or the group's senders of what was read, and the reader's other
 * sessions), except the session that sent the read. {@code fromSeq} is the reader's read point before
 * (over all its devices): in a group, the messages in {@code (fromSeq, seq]} each gained a reader,
 * which the senders' read counts follow (PROTOCOL.md, READ_COUNT).
 */
public record ConversationRead(String appKey, String conversationId, String readerId, long seq, List<String> recipients,
        String json, String originSession, long fromSeq) implements ImEvent {
}
