package com.xuqinmin.im.sdk;

/** An IM user's session: the im_jwt to call the IM client API or connect with, and when it expires (Unix ms). */
public final class ImToken {
    private final String token;
    private final long expiresAt;
    private final String userId;
    private final String appKey;

    private ImToken(Json.Obj o) {
        this.token = o.str("token");
        this.expiresAt = o.lng("expiresAt", 0);
        this.userId = o.str("userId");
        this.appKey = o.str("appKey");
    }

    static ImToken of(Json.Obj o) {
        return new ImToken(o);
    }

    /** The im_jwt. */
    public String token() {
        return token;
    }

    public long expiresAt() {
        return expiresAt;
    }

    public String userId() {
        return userId;
    }

    public String appKey() {
        return appKey;
    }

    @Override
    public String toString() {
        // never the token itself: toString ends up in logs
        return "ImToken[" + appKey + "/" + userId + ", expiresAt=" + expiresAt + "]";
    }
}
