package com.xuqinmin.im.sdk;

/** A user's profile as a friend sees it: public fields, and {@code extra}, the app's own data about the user. */
public final class Profile {

    private final String userId;
    private final String nickname;
    private final String avatarUrl;
    private final String bio;
    private final String extra;

    private Profile(Json.Obj o) {
        this.userId = o.str("userId");
        this.nickname = o.str("nickname");
        this.avatarUrl = o.str("avatarUrl");
        this.bio = o.str("bio");
        this.extra = o.str("extra");
    }

    static Profile of(Json.Obj o) {
        return o == null ? null : new Profile(o);
    }

    public String userId() {
        return userId;
    }

    /** Null when none is set; so are the other fields. */
    public String nickname() {
        return nickname;
    }

    public String avatarUrl() {
        return avatarUrl;
    }

    public String bio() {
        return bio;
    }

    public String extra() {
        return extra;
    }

    @Override
    public String toString() {
        return "Profile[" + userId + ", nickname=" + nickname + "]";
    }
}
