package com.xuqinmin.im.sdk;

/** An IM user of the app, as the server API shows it. */
public final class User {
    private final String userId;
    private final String nickname;
    private final String avatarUrl;
    private final String bio;
    private final String extra;
    private final boolean admin;
    private final UserStatus status;
    private final Long mutedUntil;
    private final long createdAt;

    private User(Json.Obj o) {
        this.userId = o.str("userId");
        this.nickname = o.str("nickname");
        this.avatarUrl = o.str("avatarUrl");
        this.bio = o.str("bio");
        this.extra = o.str("extra");
        this.admin = o.bool("admin");
        this.status = o.has("status") ? UserStatus.valueOf(o.str("status")) : null;
        this.mutedUntil = o.lng("mutedUntil");
        this.createdAt = o.lng("createdAt", 0);
    }

    static User of(Json.Obj o) {
        return new User(o);
    }

    public String userId() {
        return userId;
    }

    /** The nickname, or null when none is set. */
    public String nickname() {
        return nickname;
    }

    public String avatarUrl() {
        return avatarUrl;
    }

    /** The user's bio (public to the app's users), or null when none is set. */
    public String bio() {
        return bio;
    }

    /** The app's own data about the user (often JSON text; only the user and its friends read it), or null. */
    public String extra() {
        return extra;
    }

    public boolean admin() {
        return admin;
    }

    public UserStatus status() {
        return status;
    }

    /** Until when (Unix ms) the user is muted; null when not muted. */
    public Long mutedUntil() {
        return mutedUntil;
    }

    /** Unix ms. */
    public long createdAt() {
        return createdAt;
    }

    @Override
    public String toString() {
        return "User[" + userId + ", nickname=" + nickname + ", admin=" + admin + ", status=" + status
                + (mutedUntil == null ? "" : ", mutedUntil=" + mutedUntil) + "]";
    }
}
