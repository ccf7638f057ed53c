package com.xuqinmin.im.sdk;

/** A user on someone's blocklist, and since when (Unix ms). */
public final class BlockedUser {

    private final String userId;
    private final long createdAt;

    private BlockedUser(Json.Obj o) {
        this.userId = o.str("userId");
        this.createdAt = o.lng("createdAt", 0);
    }

    static BlockedUser of(Json.Obj o) {
        return new BlockedUser(o);
    }

    public String userId() {
        return userId;
    }

    public long createdAt() {
        return createdAt;
    }

    @Override
    public String toString() {
        return "BlockedUser[" + userId + "]";
    }
}
