package com.xuqinmin.im.sdk;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How many messages the app has stored ({@code GET /api/im/admin/app/stats/messages}): in all, and on
 * each of the last seven days (UTC), oldest first, today last.
 */
public final class MessageCounts {

    /** One UTC day and the messages stored on it. */
    public static final class Day {
        private final LocalDate day;
        private final long count;

        private Day(Json.Obj o) {
            this.day = LocalDate.parse(o.str("day"));
            this.count = o.lng("count", 0);
        }

        public LocalDate day() {
            return day;
        }

        public long count() {
            return count;
        }

        @Override
        public String toString() {
            return day + "=" + count;
        }
    }

    private final long total;
    private final List<Day> days;

    private MessageCounts(Json.Obj o) {
        this.total = o.lng("total", 0);
        List<Day> d = new ArrayList<>();
        for (Json.Obj x : o.objs("days")) {
            d.add(new Day(x));
        }
        this.days = Collections.unmodifiableList(d);
    }

    static MessageCounts of(Json.Obj o) {
        return new MessageCounts(o);
    }

    /** The app's stored messages in all (erased ones no longer count, revoked ones do). */
    public long total() {
        return total;
    }

    public List<Day> days() {
        return days;
    }

    @Override
    public String toString() {
        return "MessageCounts[" + total + ", " + days + "]";
    }
}
