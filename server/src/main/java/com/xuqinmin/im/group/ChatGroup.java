package com.xuqinmin.im.group;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** A group chat of one app. Its conversation id is {@code g:{groupId}}. */
@Entity
@Table(name = "im_group")
@IdClass(ChatGroup.Key.class)
public class ChatGroup {

    public enum Status { ACTIVE, DISMISSED }

    /** Composite key: (appKey, groupId). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String appKey;
        public String groupId;

        public Key() {
        }

        public Key(String appKey, String groupId) {
            this.appKey = appKey;
            this.groupId = groupId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(appKey, k.appKey) && Objects.equals(groupId, k.groupId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(appKey, groupId);
        }
    }

    @Id
    @Column(name = "app_key", length = 32)
    private String appKey;

    @Id
    @Column(name = "group_id", length = 64)
    private String groupId;

    @Column(name = "name", nullable = false)
    private String name;

    @Column(name = "owner_id", nullable = false)
    private String ownerId;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private Status status = Status.ACTIVE;

    @Column(name = "muted_all", nullable = false)
    private boolean mutedAll;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    /** Group read receipts switched on or off; {@code null}: the default by the group's size. */
    @Column(name = "read_receipts")
    private Boolean readReceipts;

    protected ChatGroup() {
    }

    public ChatGroup(String appKey, String groupId, String name, String ownerId, long createdAt) {
        this.appKey = appKey;
        this.groupId = groupId;
        this.name = name;
        this.ownerId = ownerId;
        this.createdAt = createdAt;
    }

    public String getAppKey() { return appKey; }
    public String getGroupId() { return groupId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getOwnerId() { return ownerId; }
    public void setOwnerId(String ownerId) { this.ownerId = ownerId; }
    public Status getStatus() { return status; }
    public void setStatus(Status status) { this.status = status; }
    public boolean isMutedAll() { return mutedAll; }
    public void setMutedAll(boolean mutedAll) { this.mutedAll = mutedAll; }
    public long getCreatedAt() { return createdAt; }
    public Boolean getReadReceipts() { return readReceipts; }
    public void setReadReceipts(Boolean readReceipts) { this.readReceipts = readReceipts; }

    public boolean isActive() {
        return status == Status.ACTIVE;
    }
}
