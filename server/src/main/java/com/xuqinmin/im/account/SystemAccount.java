package com.xuqinmin.im.account;

/**
 * The reserved sender of server-API messages that come from the app itself rather than from a user
 * ({@code fromId:"system"}). It is not a row of {@code im_user}: no user can be imported, created on
 * first use, minted a userSig or signed in under this id, so nobody can speak as it but the app's
 * back-end, and nobody can send to it.
 */
public final class SystemAccount {

    /** The reserved userId. */
    public static final String ID = "system";

    private SystemAccount() {
    }

    public static boolean is(String userId) {
        return ID.equals(userId);
    }
}
