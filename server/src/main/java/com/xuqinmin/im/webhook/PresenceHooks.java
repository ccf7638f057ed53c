package com.xuqinmin.im.webhook;

import com.xuqinmin.im.platform.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The userOnline and userOffline after-events: a user's first session coming up and its last one
 * going away (per user, not per socket). There is no stored fact to share a transaction with, so
 * each event is written to the outbox in a transaction of its own; apps without the events pay one
 * cache hit per connect and close.
 */
@ApplicationScoped
public class PresenceHooks {

    @Inject
    Outbox outbox;

    /** Whether the app wants {@code online} (userOnline) or offline events at all. */
    public boolean wants(String appKey, boolean online) {
        return outbox.wants(appKey, online ? HookEvent.USER_ONLINE : HookEvent.USER_OFFLINE);
    }

    /** Records that the user came online (its first session) or went offline (its last one closed). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void changed(String appKey, String userId, String deviceId, boolean online) {
        StringBuilder sb = new StringBuilder(64);
        sb.append('{');
        Json.field(sb, "userId", userId);
        Json.field(sb, "deviceId", deviceId);
        String fields = sb.substring(1);
        outbox.add(appKey, online ? HookEvent.USER_ONLINE : HookEvent.USER_OFFLINE, "u:" + userId, fields);
    }
}
