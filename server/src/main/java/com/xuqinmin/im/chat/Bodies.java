package com.xuqinmin.im.chat;

import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.Json;
import jakarta.json.JsonObject;

/** What every chat request body shares: an optional {@code appKey}, which must be the caller's own. */
final class Bodies {

    private Bodies() {
    }

    static void checkAppKey(Identity who, JsonObject body) {
        String appKey = Json.string(body, "appKey");
        if (appKey != null && !appKey.equals(who.appKey())) {
            throw new ImException(ErrorCode.APP_MISMATCH, "appKey " + appKey + " does not match the token's app");
        }
    }
}
