package com.xuqinmin.im.erasure;

import java.time.DateTimeException;
import java.time.LocalTime;

/**
 * When the data-deletion job runs and what it erases: at {@code runAt} (UTC) and every
 * {@code periodMillis} after it, so by default once a day at 03:00 UTC; an app's retention of
 * {@code days} erases the content of what was created more than that many days before the run.
 */
public record ErasureSchedule(LocalTime runAt, long periodMillis) {

    static final long DAY_MILLIS = 86_400_000L;

    public ErasureSchedule {
        if (periodMillis < 1) {
            throw new IllegalArgumentException("the period must be positive");
        }
    }

    /** The schedule of {@code IM_RETENTION_RUN_AT} ({@code HH:MM}, UTC) and {@code IM_RETENTION_PERIOD_SECONDS}. */
    public static ErasureSchedule of(String runAt, long periodSeconds) {
        LocalTime at;
        try {
            at = LocalTime.parse(runAt.trim());
        } catch (DateTimeException | NullPointerException e) {
            throw new IllegalStateException("IM_RETENTION_RUN_AT must be a time of day in UTC, HH:MM (e.g. 03:00), not "
                    + runAt);
        }
        return new ErasureSchedule(at, Math.max(1, periodSeconds) * 1000);
    }

    /**
     * The first run strictly after {@code afterMillis} (Unix ms). Runs fall on {@code runAt} and
     * whole periods before and after it; counted from {@code runAt} of 1 January 1970, so a period
     * that does not divide a day keeps the same rhythm from one day to the next.
     */
    public long nextRunAfter(long afterMillis) {
        long anchor = runAt.toNanoOfDay() / 1_000_000;
        long until = Math.floorMod(anchor - afterMillis, periodMillis);
        return afterMillis + (until == 0 ? periodMillis : until);
    }

    /**
     * The creation time (Unix ms) before which a retention of {@code days} erases messages, at
     * {@code now}; never before 1970 (0: nothing is that old).
     */
    public static long cutoff(long now, int days) {
        return Math.max(0, now - days * DAY_MILLIS);
    }
}
