package com.xuqinmin.im.sdk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One page of a conversation's history, newest first. */
public final class HistoryPage {
    private final List<Message> messages;
    private final boolean hasMore;

    private HistoryPage(Json.Obj o) {
        List<Message> l = new ArrayList<>();
        for (Json.Obj m : o.objs("messages")) {
            l.add(Message.of(m));
        }
        this.messages = Collections.unmodifiableList(l);
        this.hasMore = o.bool("hasMore");
    }

    static HistoryPage of(Json.Obj o) {
        return new HistoryPage(o);
    }

    public List<Message> messages() {
        return messages;
    }

    /** True when older messages remain: ask again with {@code beforeSeq} = the smallest seq here. */
    public boolean hasMore() {
        return hasMore;
    }
}
