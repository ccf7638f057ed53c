package com.xuqinmin.im.sdk;

import java.util.Collections;
import java.util.List;

/**
 * What a hard delete ({@link Users#purge}) did: how many of the user's messages had their content
 * erased by this call, and the groups the user still owns (a group keeps its owner: transfer them).
 */
public final class PurgeResult {
    private final long erasedMessages;
    private final List<String> ownedGroups;

    private PurgeResult(long erasedMessages, List<String> ownedGroups) {
        this.erasedMessages = erasedMessages;
        this.ownedGroups = Collections.unmodifiableList(ownedGroups);
    }

    static PurgeResult of(Json.Obj o) {
        return new PurgeResult(o.lng("erasedMessages", 0), o.strs("ownedGroups"));
    }

    /** Messages erased by this call; 0 when called again for a user already purged. */
    public long erasedMessages() {
        return erasedMessages;
    }

    public List<String> ownedGroups() {
        return ownedGroups;
    }

    @Override
    public String toString() {
        return "PurgeResult[erasedMessages=" + erasedMessages + ", ownedGroups=" + ownedGroups + "]";
    }
}
