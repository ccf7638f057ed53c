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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sync (PROTOCOL.md §4 {@code chat.sync}, and the catch-up after a bus outage): reads one page as
 * the {@link SyncPlanner} lays it out, from the device's stored cursors and what the
 * {@link CursorTracker} knows it received beyond them (the user's own group messages with their
 * {@code readCount}, {@link GroupReads}), in one transaction.
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
        // What the device received and the tracker has not written yet counts as received, so a sync
        // does not wait for the cursor flush (which may be writing thousands of cursors). Only the
        // conversations without a stored cursor yet (first delivered to this device since the last flush)
        // are written first: a new cursor row starts with how many revokes the device has already seen.
        Map<String, Runs> unwritten = tracker.unwrittenOf(who.appKey(), who.userId(), deviceId);
        Map<String, Cursor> positions = cursors.cursorsOf(who.appKey(), who.userId(), deviceId);
        if (!positions.keySet().containsAll(unwritten.keySet())) {
            List<String> noRow = new ArrayList<>(unwritten.keySet());
            noRow.removeAll(positions.keySet());
            tracker.flushConversations(who.appKey(), who.userId(), deviceId, noRow);
            unwritten = tracker.unwrittenOf(who.appKey(), who.userId(), deviceId);
            positions = cursors.cursorsOf(who.appKey(), who.userId(), deviceId);
        }
        Map<String, Runs> known = unwritten;
        SyncPlanner.Received received = (cid, stored) -> {
            Runs r = known.get(cid);
            return r == null ? stored : r.contiguousEnd(stored);
        };
        SyncPage planned = planner.page(who, deviceId, limit, start, positions, received);
        SyncPage page = planned.withReadCounts(groupReads.readCountsOf(who.appKey(), who.userId(), planned.messages()));
        if (!withNotices) {
            return page;
        }
        Cursor position = positions.get(NoticeService.CURSOR);
        long delivered = position == null ? 0 : received.through(NoticeService.CURSOR, position.getDeliveredSeq());
        long from = Math.max(delivered, start.startAfter(NoticeService.CURSOR, delivered));
        NoticeService.Page found = notices.after(who.appKey(), who.userId(), from,
                Math.min(limit, NoticeService.MAX_LIMIT));
        return page.withNotices(found.notices(), found.hasMore());
    }
}
