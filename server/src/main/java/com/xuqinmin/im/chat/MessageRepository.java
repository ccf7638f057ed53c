package com.xuqinmin.im.chat;

import java.util.List;
import java.util.Optional;

/**
 * The messages as the chat's rules read them: one by its server id or by its sender's client id, a
 * conversation's messages after a seq, its revokes since a count, and who sent a range.
 * {@link MessageStore} is the JPA one.
 */
public interface MessageRepository {

    /** The message with this server id in this app. */
    Optional<Message> find(String appKey, String id);

    /** The message {@code fromId} sent under its own {@code clientMessageId}. */
    Optional<Message> findByClientId(String appKey, String fromId, String clientMessageId);

    /** Messages of a conversation after {@code afterSeq}, oldest first, at most {@code limit}. */
    List<StoredMessage> after(String appKey, String conversationId, long afterSeq, int limit);

    /**
     * Messages up to {@code uptoSeq} revoked after the {@code seen}-th revoke of the conversation, in
     * the order they were revoked, at most {@code limit}.
     */
    List<StoredMessage> revokedSince(String appKey, String conversationId, long seen, long uptoSeq, int limit);

    /** The distinct senders of the messages in {@code (afterSeq, uptoSeq]}. */
    List<String> sendersBetween(String appKey, String conversationId, long afterSeq, long uptoSeq);
}
