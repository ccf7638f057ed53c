package com.xuqinmin.im.sdk;

/** A group, as the server API shows it. */
public final class Group {
    private final String groupId;
    private final String name;
    private final String ownerId;
    private final long memberCount;
    private final long createdAt;
    private final boolean mutedAll;
    private final boolean readReceipts;

    private Group(Json.Obj o) {
        this.groupId = o.str("groupId");
        this.name = o.str("name");
        this.ownerId = o.str("ownerId");
        this.memberCount = o.lng("memberCount", 0);
        this.createdAt = o.lng("createdAt", 0);
        this.mutedAll = o.bool("mutedAll");
        this.readReceipts = o.bool("readReceipts");
    }

    static Group of(Json.Obj o) {
        return new Group(o);
    }

    public String groupId() {
        return groupId;
    }

    public String name() {
        return name;
    }

    public String ownerId() {
        return ownerId;
    }

    public long memberCount() {
        return memberCount;
    }

    /** Unix ms. */
    public long createdAt() {
        return createdAt;
    }

    /** True while only the owner and admins may send. */
    public boolean mutedAll() {
        return mutedAll;
    }

    /** True while the group has read receipts (who read a message, the senders' read counts). */
    public boolean readReceipts() {
        return readReceipts;
    }

    @Override
    public String toString() {
        return "Group[" + groupId + ", name=" + name + ", owner=" + ownerId + ", members=" + memberCount
                + ", mutedAll=" + mutedAll + "]";
    }
}
