package com.xuqinmin.im.sdk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Who of a group read one of its messages, or did not (API.md §4.4, group read receipts): one page
 * of the list asked for, and both totals.
 */
public final class MessageReads {

    /** A member in the list, with how far it read the group (its highest read seq). */
    public static final class Reader {
        private final String userId;
        private final long readSeq;

        private Reader(Json.Obj o) {
            this.userId = o.str("userId");
            this.readSeq = o.lng("readSeq", 0);
        }

        public String userId() {
            return userId;
        }

        public long readSeq() {
            return readSeq;
        }

        @Override
        public String toString() {
            return userId + "@" + readSeq;
        }
    }

    private final String groupId;
    private final long seq;
    private final String fromId;
    private final boolean read;
    private final long readCount;
    private final long unreadCount;
    private final List<Reader> items;
    private final long total;
    private final int page;
    private final int size;

    private MessageReads(Json.Obj o) {
        this.groupId = o.str("groupId");
        this.seq = o.lng("seq", 0);
        this.fromId = o.str("fromId");
        this.read = "read".equals(o.str("status"));
        this.readCount = o.lng("readCount", 0);
        this.unreadCount = o.lng("unreadCount", 0);
        List<Reader> l = new ArrayList<>();
        for (Json.Obj m : o.objs("items")) {
            l.add(new Reader(m));
        }
        this.items = Collections.unmodifiableList(l);
        this.total = o.lng("total", 0);
        this.page = (int) o.lng("page", 0);
        this.size = (int) o.lng("size", 0);
    }

    static MessageReads of(Json.Obj o) {
        return new MessageReads(o);
    }

    public String groupId() {
        return groupId;
    }

    public long seq() {
        return seq;
    }

    /** The message's sender (never counted). */
    public String fromId() {
        return fromId;
    }

    /** True for the list of those who read the message, false for those who did not. */
    public boolean read() {
        return read;
    }

    /** How many members read the message. */
    public long readCount() {
        return readCount;
    }

    /** How many members (who joined before the message) did not read it yet. */
    public long unreadCount() {
        return unreadCount;
    }

    /** This page of the list, by user id. */
    public List<Reader> items() {
        return items;
    }

    /** The length of the whole list. */
    public long total() {
        return total;
    }

    public int page() {
        return page;
    }

    public int size() {
        return size;
    }
}
