package com.xuqinmin.im.sdk;

import com.xuqinmin.im.sdk.Transport.Retry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of the app its back-end may change ({@code /api/im/admin/app/settings}): its social
 * policy, its device policy and its edit window. Thread-safe.
 */
public final class AppSettings {

    private static final String BASE = "/api/im/admin/app/settings";

    private final Transport t;

    AppSettings(Transport t) {
        this.t = t;
    }

    public SocialPolicy socialPolicy() {
        return SocialPolicy.of(t.signed("GET", BASE, null, Retry.SAFE));
    }

    /** Changes the policies given ({@code null} leaves one as it is); answers the result. */
    public SocialPolicy updateSocialPolicy(AddFriendPolicy addFriend, MessagingPolicy messaging) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (addFriend != null) {
            body.put("addFriend", addFriend);
        }
        if (messaging != null) {
            body.put("messaging", messaging);
        }
        return SocialPolicy.of(t.signed("PUT", BASE, body, Retry.SAFE));
    }

    /** How many sessions a user may have at once, by platform. */
    public DevicePolicy devicePolicy() {
        return DevicePolicy.valueOf(t.signed("GET", BASE, null, Retry.SAFE).str("devicePolicy"));
    }

    /** Changes the device policy; answers it. Sessions already open stay until their user connects again. */
    public DevicePolicy updateDevicePolicy(DevicePolicy policy) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("devicePolicy", java.util.Objects.requireNonNull(policy, "policy"));
        return DevicePolicy.valueOf(t.signed("PUT", BASE, body, Retry.SAFE).str("devicePolicy"));
    }

    /** How long after sending a user may edit a message, in seconds (0: never), or null for the server default. */
    public Long editWindowSeconds() {
        return t.signed("GET", BASE, null, Retry.SAFE).lng("editWindowSeconds");
    }

    /** Sets how long after sending a user may edit a message (0 to 2592000 s; 0: users may not edit); answers it. */
    public Long updateEditWindowSeconds(long seconds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("editWindowSeconds", seconds);
        return t.signed("PUT", BASE, body, Retry.SAFE).lng("editWindowSeconds");
    }
}
