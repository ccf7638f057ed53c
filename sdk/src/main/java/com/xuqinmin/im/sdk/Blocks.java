package com.xuqinmin.im.sdk;

import static com.xuqinmin.im.sdk.Paths.seg;

import com.xuqinmin.im.sdk.Transport.Retry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Users' blocklists ({@code /api/im/admin/users/{userId}/blocks}): a blocked user's single-chat
 * messages and friend requests to the blocker are refused with {@code BLOCKED}; groups and the
 * server API's sends are not affected. Thread-safe.
 */
public final class Blocks {

    private final Transport t;

    Blocks(Transport t) {
        this.t = t;
    }

    private static String base(String userId) {
        return "/api/im/admin/users/" + seg(userId) + "/blocks";
    }

    /** {@code userId} blocks each of {@code blockedIds} (up to 1,000); blocking again is harmless (so it is retried). */
    public List<String> block(String userId, Collection<String> blockedIds) {
        Json.Obj o = t.signed("POST", base(userId), Collections.singletonMap("userIds", new ArrayList<>(blockedIds)),
                Retry.SAFE);
        return Collections.unmodifiableList(o.strs("blocked"));
    }

    public List<String> block(String userId, String... blockedIds) {
        return block(userId, Arrays.asList(blockedIds));
    }

    /** One page of the user's blocklist (page from 0, size 1 to 100), by userId. */
    public Page<BlockedUser> list(String userId, int page, int size) {
        Json.Obj o = t.signed("GET", base(userId) + "?page=" + page + "&size=" + size, null, Retry.SAFE);
        List<BlockedUser> items = new ArrayList<>();
        for (Json.Obj b : o.objs("items")) {
            items.add(BlockedUser.of(b));
        }
        return new Page<>(items, o);
    }

    /** Lifts a block; {@code NOT_FOUND} when there was none. */
    public void unblock(String userId, String blockedId) {
        t.signed("DELETE", base(userId) + "/" + seg(blockedId), null, Retry.ONLY_IF_NOT_SENT);
    }
}
