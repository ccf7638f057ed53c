package com.xuqinmin.im.sdk;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A user to import: an id, and optionally a nickname, an avatar URL and the admin flag. Immutable. */
public final class NewUser {
    private final String userId;
    private final String nickname;
    private final String avatarUrl;
    private final boolean admin;

    private NewUser(String userId, String nickname, String avatarUrl, boolean admin) {
        this.userId = Objects.requireNonNull(userId, "userId");
        this.nickname = nickname;
        this.avatarUrl = avatarUrl;
        this.admin = admin;
    }

    public static NewUser of(String userId) {
        return new NewUser(userId, null, null, false);
    }

    public NewUser withNickname(String nickname) {
        return new NewUser(userId, nickname, avatarUrl, admin);
    }

    public NewUser withAvatarUrl(String avatarUrl) {
        return new NewUser(userId, nickname, avatarUrl, admin);
    }

    /** An admin user's im_jwt may call the server API. */
    public NewUser withAdmin(boolean admin) {
        return new NewUser(userId, nickname, avatarUrl, admin);
    }

    public String userId() {
        return userId;
    }

    public String nickname() {
        return nickname;
    }

    public String avatarUrl() {
        return avatarUrl;
    }

    public boolean admin() {
        return admin;
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userId", userId);
        if (nickname != null) {
            m.put("nickname", nickname);
        }
        if (avatarUrl != null) {
            m.put("avatarUrl", avatarUrl);
        }
        if (admin) {
            m.put("admin", true);
        }
        return m;
    }

    @Override
    public String toString() {
        return "NewUser[" + userId + ", nickname=" + nickname + ", admin=" + admin + "]";
    }
}
