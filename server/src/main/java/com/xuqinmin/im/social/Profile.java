package com.xuqinmin.im.social;

import com.xuqinmin.im.account.ImUser;

/**
 * A user's profile as other users see it: {@code userId}, {@code nickname}, {@code avatarUrl} and
 * {@code bio} are public; {@code extra} only the user itself and its friends see (null otherwise).
 */
public record Profile(String userId, String nickname, String avatarUrl, String bio, String extra) {

    public static Profile of(ImUser u, boolean withPrivate) {
        return new Profile(u.getUserId(), u.getNickname(), u.getAvatarUrl(), u.getBio(),
                withPrivate ? u.getExtra() : null);
    }

    /** A user with nothing to show: deleted, or never seen. */
    public static Profile empty(String userId) {
        return new Profile(userId, null, null, null, null);
    }
}
