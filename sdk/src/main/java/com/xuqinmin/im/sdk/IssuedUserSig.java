package com.xuqinmin.im.sdk;

/** A userSig and when it expires (Unix ms). */
public final class IssuedUserSig {
    private final String userSig;
    private final long expiresAt;

    IssuedUserSig(String userSig, long expiresAt) {
        this.userSig = userSig;
        this.expiresAt = expiresAt;
    }

    static IssuedUserSig of(Json.Obj o) {
        return new IssuedUserSig(o.str("userSig"), o.lng("expiresAt", 0));
    }

    public String userSig() {
        return userSig;
    }

    /** The token's {@code exp}, in Unix ms. */
    public long expiresAt() {
        return expiresAt;
    }

    @Override
    public String toString() {
        return "IssuedUserSig[expiresAt=" + expiresAt + "]";
    }
}
