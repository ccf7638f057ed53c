package com.xuqinmin.im.api;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;

/**
 * The body of the server API's mute calls: {@code {"mutedUntil":<Unix ms>}} or
 * {@code {"seconds":<n>}}; 0, a time already past, or neither, unmutes.
 */
public record MuteIn(Long mutedUntil, Long seconds) {

    private static final long MAX_SECONDS = 100L * 365 * 24 * 3600;

    /** When the mute ends (Unix ms), or {@code null} for "not muted". */
    Long until(long now) {
        if (mutedUntil != null && seconds != null) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "give mutedUntil or seconds, not both");
        }
        if (seconds != null) {
            if (seconds < 0 || seconds > MAX_SECONDS) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, "seconds must be 0 to " + MAX_SECONDS);
            }
            return seconds == 0 ? null : now + seconds * 1000;
        }
        if (mutedUntil != null) {
            if (mutedUntil < 0) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, "mutedUntil must be Unix milliseconds, or 0 to unmute");
            }
            return mutedUntil <= now ? null : mutedUntil;
        }
        return null;
    }

    static Long until(MuteIn in, long now) {
        return in == null ? null : in.until(now);
    }
}
