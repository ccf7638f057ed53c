package com.xuqinmin.im.chat;

import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.platform.ImConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;

/**
 * Sync (PROTOCOL.md §4 {@code chat.sync}, and the catch-up after a bus outage): writes what the
 * device has received so far, then reads one page as the {@link SyncPlanner} lays it out, in one
 * transaction.
 */
@ApplicationScoped
public class SyncService {

    @Inject
    ImConfig config;

    @Inject
    ConversationRepository conversations;

    @Inject
    CursorStore cursors;

    @Inject
    CursorTracker tracker;

    @Inject
    MessageStore store;

    private SyncPlanner planner;

    @PostConstruct
    void start() {
        planner = new SyncPlanner(conversations, cursors, store, config.syncPageMax());
    }

    /** Everything this user-and-device has not received, up to the page limit. */
    @Transactional
    public SyncPage sync(Identity who, String deviceId, JsonObject body, SyncStart start) {
        int limit = planner.limit(who, body);
        tracker.flushDevice(who.appKey(), who.userId(), deviceId);
        return planner.page(who, deviceId, limit, start);
    }
}
