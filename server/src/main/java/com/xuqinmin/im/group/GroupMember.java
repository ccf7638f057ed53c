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

/** One user's membership of one group, with the role that decides what the member may do. */
@Entity
@Table(name = "im_group_member")
@IdClass(GroupMember.Key.class)
public class GroupMember {

    public enum Role { OWNER, ADMIN, MEMBER }

    /** Composite key: (appKey, groupId, userId). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String appKey;
        public String groupId;
        public String userId;

        public Key() {
        }

        public Key(String appKey, String groupId, String userId) {
            this.appKey = appKey;
            this.groupId = groupId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(appKey, k.appKey) && Objects.equals(groupId, k.groupId)
                    && Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(appKey, groupId, userId);
        }
    }

    @Id
    @Column(name = "app_key", length = 32)
    private String appKey;

    @Id
    @Column(name = "group_id", length = 64)
    private String groupId;

    @Id
    @Column(name = "user_id", length = 64)
    private String userId;

    @Enumerated(EnumType.STRING)
    @Column(name = "member_role", nullable = false, length = 16)
    private Role role = Role.MEMBER;

    @Column(name = "muted_until")
    private Long mutedUntil;

    @Column(name = "joined_at", nullable = false)
    private long joinedAt;

    /** The group conversation's last seq when the member joined: sync starts after it. */
    @Column(name = "joined_seq", nullable = false)
    private long joinedSeq;

    protected GroupMember() {
    }

    public GroupMember(String appKey, String groupId, String userId, Role role, long joinedAt, long joinedSeq) {
        this.appKey = appKey;
        this.groupId = groupId;
        this.userId = userId;
        this.role = role;
        this.joinedAt = joinedAt;
        this.joinedSeq = joinedSeq;
    }

    public String getAppKey() { return appKey; }
    public String getGroupId() { return groupId; }
    public String getUserId() { return userId; }
    public Role getRole() { return role; }
    public void setRole(Role role) { this.role = role; }
    public Long getMutedUntil() { return mutedUntil; }
    public void setMutedUntil(Long mutedUntil) { this.mutedUntil = mutedUntil; }
    public long getJoinedAt() { return joinedAt; }
    public long getJoinedSeq() { return joinedSeq; }

    public boolean isMutedAt(long now) {
        return mutedUntil != null && mutedUntil > now;
    }

    /** Owners and admins may revoke any message of the group at any time. */
    public boolean canModerate() {
        return role == Role.OWNER || role == Role.ADMIN;
    }
}
