package com.xuqinmin.im.chat;

import com.xuqinmin.im.notice.NoticeService;
import java.util.List;
import java.util.Map;

/**
 * A page of sync results, oldest first per conversation; {@code more} when the limit cut it.
 * {@code revoked}: messages the device already had that were revoked or edited since it last heard.
 * {@code notices}: the user's notices after the device's notice cursor, in seq order (empty when the
 * session is not subscribed to them); {@code noticesMore} when the limit cut those.
 * {@code readCounts}: the {@code readCount} of the syncing user's own group messages of the page (in
 * groups with read receipts on), by message id.
 */
public record SyncPage(List<StoredMessage> messages, List<StoredMessage> revoked, boolean more,
        List<NoticeService.View> notices, boolean noticesMore, Map<String, Long> readCounts) {

    public SyncPage(List<StoredMessage> messages, List<StoredMessage> revoked, boolean more) {
        this(messages, revoked, more, List.of(), false, Map.of());
    }

    /** Whether another page may hold anything, messages or notices. */
    public boolean anyMore() {
        return more || noticesMore;
    }

    SyncPage withNotices(List<NoticeService.View> found, boolean cut) {
        return new SyncPage(messages, revoked, more, found, cut, readCounts);
    }

    SyncPage withReadCounts(Map<String, Long> counts) {
        return new SyncPage(messages, revoked, more, notices, noticesMore, counts);
    }
}
