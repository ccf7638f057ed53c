package com.xuqinmin.im.sdk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One page of a message search, newest first. */
public final class SearchPage {
    private final List<Message> messages;
    private final boolean hasMore;
    private final String nextCursor;

    private SearchPage(Json.Obj o) {
        List<Message> l = new ArrayList<>();
        for (Json.Obj m : o.objs("messages")) {
            l.add(Message.of(m));
        }
        this.messages = Collections.unmodifiableList(l);
        this.hasMore = o.bool("hasMore");
        this.nextCursor = o.str("nextCursor");
    }

    static SearchPage of(Json.Obj o) {
        return new SearchPage(o);
    }

    public List<Message> messages() {
        return messages;
    }

    /** True when older matches remain: ask again with {@link #nextCursor()}. */
    public boolean hasMore() {
        return hasMore;
    }

    /** Where the next page starts (null on the last page). */
    public String nextCursor() {
        return nextCursor;
    }
}
