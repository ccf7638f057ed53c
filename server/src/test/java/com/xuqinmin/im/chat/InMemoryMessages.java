package com.xuqinmin.im.chat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link MessageRepository} over a list, for the chat's rule tests; it records the reads it answers. */
final class InMemoryMessages implements MessageRepository {

    final List<Message> rows = new ArrayList<>();
    final List<String> reads = new ArrayList<>();
    // revoke numbers live apart from the messages, as in im_revoke (RevokeMark)
    private final Map<String, Long> revokeNo = new HashMap<>();

    Message add(Message m) {
        rows.add(m);
        return m;
    }

    /** A message {@code seq} of a conversation, sent at {@code createdAt}. */
    Message add(String appKey, String conversationId, long seq, String fromId, String toId, ChatType type,
            long createdAt) {
        return add(new Message("m-" + conversationId + "-" + seq, appKey, conversationId, seq, fromId, toId, type,
                MsgType.TEXT, "text " + seq, "c-" + conversationId + "-" + seq, createdAt));
    }

    /** Revokes a message as the conversation's {@code no}-th revoke. */
    void revoke(Message m, long at, long no) {
        m.revoke(at);
        revokeNo.put(m.getId(), no);
    }

    private long revokeNoOf(Message m) {
        return revokeNo.getOrDefault(m.getId(), 0L);
    }

    @Override
    public Optional<Message> find(String appKey, String id) {
        return rows.stream().filter(m -> m.getAppKey().equals(appKey) && m.getId().equals(id)).findFirst();
    }

    @Override
    public Optional<Message> findByClientId(String appKey, String fromId, String clientMessageId) {
        return rows.stream().filter(m -> m.getAppKey().equals(appKey) && m.getFromId().equals(fromId)
                && m.getClientMessageId().equals(clientMessageId)).findFirst();
    }

    @Override
    public List<StoredMessage> after(String appKey, String conversationId, long afterSeq, int limit) {
        reads.add("after " + conversationId + " " + afterSeq + " " + limit);
        return rows.stream().filter(m -> m.getAppKey().equals(appKey) && m.getConversationId().equals(conversationId)
                        && m.getSeq() > afterSeq)
                .sorted(Comparator.comparingLong(Message::getSeq)).limit(limit)
                .map(m -> StoredMessage.of(m, false)).toList();
    }

    @Override
    public List<StoredMessage> revokedSince(String appKey, String conversationId, long seen, long uptoSeq, int limit) {
        reads.add("revokedSince " + conversationId + " " + seen + " " + uptoSeq + " " + limit);
        return rows.stream().filter(m -> m.getAppKey().equals(appKey) && m.getConversationId().equals(conversationId)
                        && revokeNoOf(m) > seen && m.getSeq() <= uptoSeq)
                .sorted(Comparator.comparingLong(this::revokeNoOf)).limit(limit)
                .map(m -> StoredMessage.of(m, false)).toList();
    }

    @Override
    public List<String> sendersBetween(String appKey, String conversationId, long afterSeq, long uptoSeq) {
        reads.add("sendersBetween " + conversationId + " " + afterSeq + " " + uptoSeq);
        LinkedHashSet<String> senders = new LinkedHashSet<>();
        rows.stream().filter(m -> m.getAppKey().equals(appKey) && m.getConversationId().equals(conversationId)
                        && m.getSeq() > afterSeq && m.getSeq() <= uptoSeq)
                .sorted(Comparator.comparingLong(Message::getSeq)).forEach(m -> senders.add(m.getFromId()));
        return new ArrayList<>(senders);
    }
}
