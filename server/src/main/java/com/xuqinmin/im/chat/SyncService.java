package com.xuqinmin.im.chat;

import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.notice.NoticeService;
import com.xuqinmin.im.platform.ImConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * Sync (PROTOCOL.md §4 {@code chat.sync}, and the catch-up after a bus outage): writes what the
 * device has received so far, then reads one page as the {@link SyncPlanner} lays it out (the user's
 * own group messages with their {@code readCount}, {@link GroupReads}), in one transaction.
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

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    NoticeService notices;

    @Inject
    GroupReads groupReads;

    private SyncPlanner planner;

    @PostConstruct
    void start() {
        planner = new SyncPlanner(conversations, cursors, store, config.syncPageMax());
    }

    /**
     * Everything this user-and-device has not received, up to the page limit; with {@code withNotices}
     * (the session is subscribed to {@code /user/queue/notices}) also up to as many of the user's
     * notices after the device's notice cursor ({@link NoticeService#CURSOR}: kept like a
     * conversation's delivered cursor, moved by what the device received, live or by sync).
     */
    @Transactional
    public SyncPage sync(Identity who, String deviceId, JsonObject body, SyncStart start, boolean withNotices) {
        int limit = planner.limit(who, body);
        tracker.flushDevice(who.appKey(), who.userId(), deviceId);
        SyncPage planned = planner.page(who, deviceId, limit, start);
        SyncPage page = planned.withReadCounts(groupReads.readCountsOf(who.appKey(), who.userId(), planned.messages()));
        if (!withNotices) {
            return page;
        }
        Cursor position = em.find(Cursor.class,
                new Cursor.Key(who.appKey(), who.userId(), deviceId, NoticeService.CURSOR));
        long delivered = position == null ? 0 : position.getDeliveredSeq();
        long from = Math.max(delivered, start.startAfter(NoticeService.CURSOR, delivered));
        NoticeService.Page found = notices.after(who.appKey(), who.userId(), from,
                Math.min(limit, NoticeService.MAX_LIMIT));
        return page.withNotices(found.notices(), found.hasMore());
    }
}
