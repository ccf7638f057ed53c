package com.xuqinmin.im.sdk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A change to a user: only the fields set change; an empty nickname, avatar URL, bio or extra clears
 * it; a profile change is told to the user's friends; setting the status to {@link UserStatus#BANNED}
 * closes the user's sockets at once. Immutable; made by {@link #builder()}.
 */
public final class UserUpdate {
    private final String nickname;
    private final String avatarUrl;
    private final String bio;
    private final String extra;
    private final Boolean admin;
    private final UserStatus status;

    private UserUpdate(Builder b) {
        this.nickname = b.nickname;
        this.avatarUrl = b.avatarUrl;
        this.bio = b.bio;
        this.extra = b.extra;
        this.admin = b.admin;
        this.status = b.status;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link UserUpdate}; not thread-safe. */
    public static final class Builder {
        private String nickname;
        private String avatarUrl;
        private String bio;
        private String extra;
        private Boolean admin;
        private UserStatus status;

        private Builder() {
        }

        public Builder nickname(String nickname) {
            this.nickname = nickname;
            return this;
        }

        public Builder avatarUrl(String avatarUrl) {
            this.avatarUrl = avatarUrl;
            return this;
        }

        /** At most 512 characters; public to the app's users. */
        public Builder bio(String bio) {
            this.bio = bio;
            return this;
        }

        /** At most 4,096 characters of the app's own data; only the user and its friends read it. */
        public Builder extra(String extra) {
            this.extra = extra;
            return this;
        }

        public Builder admin(boolean admin) {
            this.admin = admin;
            return this;
        }

        public Builder status(UserStatus status) {
            this.status = status;
            return this;
        }

        public UserUpdate build() {
            return new UserUpdate(this);
        }
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (nickname != null) {
            m.put("nickname", nickname);
        }
        if (avatarUrl != null) {
            m.put("avatarUrl", avatarUrl);
        }
        if (bio != null) {
            m.put("bio", bio);
        }
        if (extra != null) {
            m.put("extra", extra);
        }
        if (admin != null) {
            m.put("admin", admin);
        }
        if (status != null) {
            m.put("status", status);
        }
        return m;
    }
}
