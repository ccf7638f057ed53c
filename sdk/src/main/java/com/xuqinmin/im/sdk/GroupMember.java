package com.xuqinmin.im.sdk;

/** A member of a group: its role, when it joined, and until when it is muted in the group. */
public final class GroupMember {
    private final String userId;
    private final GroupRole role;
    private final long joinedAt;
    private final Long mutedUntil;

    private GroupMember(Json.Obj o) {
        this.userId = o.str("userId");
        this.role = o.has("role") ? GroupRole.valueOf(o.str("role")) : null;
        this.joinedAt = o.lng("joinedAt", 0);
        this.mutedUntil = o.lng("mutedUntil");
    }

    static GroupMember of(Json.Obj o) {
        return new GroupMember(o);
    }

    public String userId() {
        return userId;
    }

    public GroupRole role() {
        return role;
    }

    /** Unix ms. */
    public long joinedAt() {
        return joinedAt;
    }

    /** Until when (Unix ms) the member is muted in the group; null when not muted. */
    public Long mutedUntil() {
        return mutedUntil;
    }

    @Override
    public String toString() {
        return "GroupMember[" + userId + ", " + role + (mutedUntil == null ? "" : ", mutedUntil=" + mutedUntil) + "]";
    }
}
