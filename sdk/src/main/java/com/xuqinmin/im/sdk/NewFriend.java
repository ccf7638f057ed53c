package com.xuqinmin.im.sdk;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A friend to import for a user: its id, and optionally the user's remark for it. Immutable. */
public final class NewFriend {

    private final String userId;
    private final String remark;

    private NewFriend(String userId, String remark) {
        this.userId = Objects.requireNonNull(userId, "userId");
        this.remark = remark;
    }

    public static NewFriend of(String userId) {
        return new NewFriend(userId, null);
    }

    public NewFriend withRemark(String remark) {
        return new NewFriend(userId, remark);
    }

    public String userId() {
        return userId;
    }

    public String remark() {
        return remark;
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userId", userId);
        if (remark != null) {
            m.put("remark", remark);
        }
        return m;
    }

    @Override
    public String toString() {
        return "NewFriend[" + userId + (remark == null ? "" : ", remark=" + remark) + "]";
    }
}
