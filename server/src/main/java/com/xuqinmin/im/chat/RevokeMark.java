package com.xuqinmin.im.chat;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * The {@code revokeNo}-th revoke or edit of a conversation (they are numbered together), and the
 * seq of the message it changed. Written only when a message is revoked (migration V7) or edited (V15):
 * a device that had messages up to some seq and has seen {@code n} of them asks this table, by its key,
 * which later revokes and edits concern its messages.
 */
@Entity
@Table(name = "im_revoke")
@IdClass(RevokeMark.Key.class)
public class RevokeMark {

    /** Composite key: (appKey, conversationId, revokeNo). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String appKey;
        public String conversationId;
        public long revokeNo;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && revokeNo == k.revokeNo && Objects.equals(appKey, k.appKey)
                    && Objects.equals(conversationId, k.conversationId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(appKey, conversationId, revokeNo);
        }
    }

    @Id
    @Column(name = "app_key", length = 32)
    private String appKey;

    @Id
    @Column(name = "conversation_id", length = 140)
    private String conversationId;

    @Id
    @Column(name = "revoke_no")
    private long revokeNo;

    @Column(name = "seq", nullable = false)
    private long seq;

    protected RevokeMark() {
    }

    RevokeMark(String appKey, String conversationId, long revokeNo, long seq) {
        this.appKey = appKey;
        this.conversationId = conversationId;
        this.revokeNo = revokeNo;
        this.seq = seq;
    }
}
