package com.xuqinmin.im.chat;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * One user's settings of one conversation: pinned, muted, hidden until a message after
 * {@code hiddenSeq}, and cleared up to {@code clearedSeq} (that user no longer sees those messages).
 */
@Entity
@Table(name = "im_conversation_setting")
@IdClass(ConversationSetting.Key.class)
public class ConversationSetting {

    /** Composite key: (appKey, userId, conversationId). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String appKey;
        public String userId;
        public String conversationId;

        public Key() {
        }

        public Key(String appKey, String userId, String conversationId) {
            this.appKey = appKey;
            this.userId = userId;
            this.conversationId = conversationId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(appKey, k.appKey) && Objects.equals(userId, k.userId)
                    && Objects.equals(conversationId, k.conversationId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(appKey, userId, conversationId);
        }
    }

    @Id
    @Column(name = "app_key", length = 32)
    private String appKey;

    @Id
    @Column(name = "user_id", length = 64)
    private String userId;

    @Id
    @Column(name = "conversation_id", length = 140)
    private String conversationId;

    @Column(name = "pinned", nullable = false)
    private boolean pinned;

    @Column(name = "muted", nullable = false)
    private boolean muted;

    @Column(name = "hidden_seq")
    private Long hiddenSeq;

    @Column(name = "cleared_seq", nullable = false)
    private long clearedSeq;

    @Column(name = "updated_at", nullable = false)
    private long updatedAt;

    protected ConversationSetting() {
    }

    ConversationSetting(String appKey, String userId, String conversationId) {
        this.appKey = appKey;
        this.userId = userId;
        this.conversationId = conversationId;
    }

    public String getConversationId() { return conversationId; }
    public boolean isPinned() { return pinned; }
    void setPinned(boolean pinned) { this.pinned = pinned; }
    public boolean isMuted() { return muted; }
    void setMuted(boolean muted) { this.muted = muted; }
    public Long getHiddenSeq() { return hiddenSeq; }
    void setHiddenSeq(Long hiddenSeq) { this.hiddenSeq = hiddenSeq; }
    public long getClearedSeq() { return clearedSeq; }
    void setClearedSeq(long clearedSeq) { this.clearedSeq = Math.max(this.clearedSeq, clearedSeq); }
    void touch(long now) { this.updatedAt = now; }

    /** Hidden while no message came after the one that was last when it was hidden. */
    public boolean hiddenAt(long lastSeq) {
        return hiddenSeq != null && lastSeq <= hiddenSeq;
    }
}
