package com.xuqinmin.im.chat;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.PrimaryKeyJoinColumn;
import jakarta.persistence.SecondaryTable;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A conversation and the last {@code seq} given out in it. Allocating seqs advances {@code lastSeq}
 * with one UPDATE whose row lock serialises concurrent senders on every node. The two counters live
 * in a narrow table of their own ({@code im_conversation_seq}, migration V5), so that UPDATE touches
 * no index but the primary key.
 */
@Entity
@Table(name = "im_conversation")
@SecondaryTable(name = Conversation.SEQ_TABLE, pkJoinColumns = {
        @PrimaryKeyJoinColumn(name = "app_key", referencedColumnName = "app_key"),
        @PrimaryKeyJoinColumn(name = "conversation_id", referencedColumnName = "conversation_id")})
@IdClass(Conversation.Key.class)
public class Conversation {

    /** The table of the counters: {@code last_seq}, {@code revoke_count}. */
    public static final String SEQ_TABLE = "im_conversation_seq";

    /**
     * JPQL conditions on {@code c} (parameter {@code :u}) that together pick a user's single chats,
     * each once: one query per side. {@code (c.userA = :u OR c.userB = :u)} seeks neither user index
     * on H2, which read every conversation of the app for it.
     */
    static final List<String> EITHER_USER = List.of("c.userA = :u", "c.userB = :u AND c.userA <> :u");

    /** Composite key: (appKey, conversationId). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String appKey;
        public String conversationId;

        public Key() {
        }

        public Key(String appKey, String conversationId) {
            this.appKey = appKey;
            this.conversationId = conversationId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(appKey, k.appKey)
                    && Objects.equals(conversationId, k.conversationId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(appKey, conversationId);
        }
    }

    @Id
    @Column(name = "app_key", length = 32)
    private String appKey;

    @Id
    @Column(name = "conversation_id", length = 140)
    private String conversationId;

    @Enumerated(EnumType.STRING)
    @Column(name = "chat_type", nullable = false, length = 8)
    private ChatType chatType;

    @Column(name = "user_a")
    private String userA;

    @Column(name = "user_b")
    private String userB;

    @Column(name = "group_id")
    private String groupId;

    @Column(name = "last_seq", table = SEQ_TABLE, nullable = false)
    private long lastSeq;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    /** How many messages of the conversation were revoked so far; numbers each revoke. */
    @Column(name = "revoke_count", table = SEQ_TABLE, nullable = false)
    private long revokeCount;

    protected Conversation() {
    }

    private Conversation(String appKey, String conversationId, ChatType chatType, long createdAt) {
        this.appKey = appKey;
        this.conversationId = conversationId;
        this.chatType = chatType;
        this.createdAt = createdAt;
    }

    public static Conversation single(String appKey, String user1, String user2, long now) {
        Conversation c = new Conversation(appKey, ConversationId.single(user1, user2), ChatType.SINGLE, now);
        c.userA = user1.compareTo(user2) <= 0 ? user1 : user2;
        c.userB = user1.compareTo(user2) <= 0 ? user2 : user1;
        return c;
    }

    public static Conversation group(String appKey, String groupId, long now) {
        Conversation c = new Conversation(appKey, ConversationId.group(groupId), ChatType.GROUP, now);
        c.groupId = groupId;
        return c;
    }

    /** Only for a conversation not yet stored: its first messages take seqs 1..n. */
    void advance(long n) {
        this.lastSeq += n;
    }

    public String getAppKey() { return appKey; }
    public String getConversationId() { return conversationId; }
    public ChatType getChatType() { return chatType; }
    public String getUserA() { return userA; }
    public String getUserB() { return userB; }
    public String getGroupId() { return groupId; }
    public long getLastSeq() { return lastSeq; }
    public long getCreatedAt() { return createdAt; }
    public long getRevokeCount() { return revokeCount; }
}
