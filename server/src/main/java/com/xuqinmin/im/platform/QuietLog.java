package com.xuqinmin.im.platform;

import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A warning that may happen for every message (a push provider down, a full queue) logged at most
 * once per period with how many times it happened since, instead of once per message.
 */
public final class QuietLog {

    private final Logger log;
    private final long periodMillis;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong lastAt = new AtomicLong(Long.MIN_VALUE / 2);

    public QuietLog(Logger log, long periodMillis) {
        this.log = log;
        this.periodMillis = periodMillis;
    }

    /** Counts one occurrence; logs it (with the count since the last line) when the period has passed. */
    public void warn(String what) {
        long n = count.incrementAndGet();
        long now = System.currentTimeMillis();
        long last = lastAt.get();
        if (now - last >= periodMillis && lastAt.compareAndSet(last, now)) {
            long since = count.getAndSet(0);
            log.log(Level.WARNING, since > 1 ? what + " (" + since + " times since the last such line)" : what);
        } else if (n < 0) {
            count.set(0);
        }
    }
}
