package com.xuqinmin.im.sdk;

import java.util.Collections;
import java.util.List;

/** The outcome of a friend import: the friendships made now, and those that existed (left unchanged). */
public final class FriendImport {

    private final List<String> added;
    private final List<String> existing;

    private FriendImport(Json.Obj o) {
        this.added = Collections.unmodifiableList(o.strs("added"));
        this.existing = Collections.unmodifiableList(o.strs("existing"));
    }

    static FriendImport of(Json.Obj o) {
        return new FriendImport(o);
    }

    public List<String> added() {
        return added;
    }

    public List<String> existing() {
        return existing;
    }

    @Override
    public String toString() {
        return "FriendImport[added=" + added + ", existing=" + existing + "]";
    }
}
