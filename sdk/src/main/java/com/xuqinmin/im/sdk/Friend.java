package com.xuqinmin.im.sdk;

/** One of a user's friends: the user's remark for it (null when none), since when, and its profile. */
public final class Friend {

    private final String userId;
    private final String remark;
    private final long createdAt;
    private final Profile profile;

    private Friend(Json.Obj o) {
        this.userId = o.str("userId");
        this.remark = o.str("remark");
        this.createdAt = o.lng("createdAt", 0);
        this.profile = Profile.of(o.obj("profile"));
    }

    static Friend of(Json.Obj o) {
        return new Friend(o);
    }

    public String userId() {
        return userId;
    }

    public String remark() {
        return remark;
    }

    /** Unix ms. */
    public long createdAt() {
        return createdAt;
    }

    public Profile profile() {
        return profile;
    }

    @Override
    public String toString() {
        return "Friend[" + userId + (remark == null ? "" : ", remark=" + remark) + "]";
    }
}
