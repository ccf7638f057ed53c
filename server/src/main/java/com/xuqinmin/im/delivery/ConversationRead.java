package com.xuqinmin.im.delivery;

import java.util.List;

/**
 * A user read a conversation up to a seq: the READ notice goes to the personal queues of
 * {@code recipients} (the peer, or the group's senders of what was read, and the reader's other
 * sessions), except the session that sent the read.
 */
public record ConversationRead(String appKey, String conversationId, String readerId, long seq, List<String> recipients,
        String json, String originSession) implements ImEvent {
}
