package com.xuqinmin.im.erasure;

import com.xuqinmin.im.account.AppService;
import com.xuqinmin.im.account.ImUser;
import com.xuqinmin.im.account.UserDirectory;
import com.xuqinmin.im.chat.MessageStore;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.ImMetrics;
import com.xuqinmin.im.platform.Ulids;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The data-deletion job, once a day by default ({@code IM_RETENTION_RUN_AT},
 * {@code IM_RETENTION_PERIOD_SECONDS}): for every app with a retention it erases the content of the
 * messages older than the retention (one pass along the message ids serves every app, from where
 * the last run finished, so a run reads about a period's messages), and it finishes the hard
 * deletes of the last {@value #RECHECK_DAYS} days (what was in flight when they ran: a message
 * waiting in a lane, a cursor another node had not written yet, a purge stopped half-way).
 *
 * <p>Every node of a cluster runs it at the same time. Nothing breaks: erasing only ever changes a
 * message that still has content ({@code WHERE status = 'SENT'}), so the second node's updates find
 * nothing left, and an app's progress mark only moves forward. The cost is reading the same rows
 * twice.
 */
@ApplicationScoped
public class ErasureJob {

    private static final Logger LOG = Logger.getLogger(ErasureJob.class.getName());

    /** How long after a hard delete the job erases what arrived late. */
    static final int RECHECK_DAYS = 7;
    /** The most hard deletes one run finishes; a busier week leaves the oldest to the next run. */
    private static final int RECHECK_MAX = 10_000;

    @Inject
    ImConfig config;

    @Inject
    AppService apps;

    @Inject
    MessageStore messages;

    @Inject
    UserDirectory users;

    @Inject
    UserPurge purge;

    @Inject
    ImMetrics metrics;

    @Inject
    Clock clock;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private volatile boolean stopping;
    private volatile ScheduledFuture<?> next;
    private ErasureSchedule schedule;
    private long lastSlot;

    /** What one run did. */
    public record Report(long erasedMessages, int appsWithRetention, int purgesFinished) {
    }

    /** Called at start-up, after the schema is migrated; fails the start on a malformed run-at. */
    public void start() {
        schedule = ErasureSchedule.of(config.retentionRunAt(), config.retentionPeriodSeconds());
        lastSlot = clock.millis();
        long first = scheduleNext();
        LOG.info(() -> "data-deletion job: first run at " + Instant.ofEpochMilli(first) + ", then every "
                + schedule.periodMillis() / 1000 + " s (IM_RETENTION_RUN_AT, IM_RETENTION_PERIOD_SECONDS)");
    }

    @PreDestroy
    void stop() {
        stopping = true;
        ScheduledFuture<?> f = next;
        if (f != null) {
            f.cancel(false);
        }
    }

    /** Schedules the next run; answers its time. */
    private synchronized long scheduleNext() {
        if (stopping) {
            return lastSlot;
        }
        long now = clock.millis();
        // the slot after the one that just ran, or after now when runs were missed
        lastSlot = schedule.nextRunAfter(Math.max(lastSlot, now - 1));
        next = scheduler.schedule(this::scheduledRun, lastSlot - now, TimeUnit.MILLISECONDS);
        return lastSlot;
    }

    private void scheduledRun() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the data-deletion job failed; it runs again at its next time", e);
        } finally {
            scheduleNext();
        }
    }

    /** One run, now, on the calling thread. */
    public Report runOnce() {
        long now = clock.millis();
        List<AppService.Retention> retentions = apps.retentions();
        long erased = 0;
        try {
            erased += applyRetentions(retentions, now);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the retention pass failed; the next run goes on from where the last one"
                    + " finished", e);
        }
        int finished = 0;
        for (ImUser.Key k : users.purgedSince(now - RECHECK_DAYS * ErasureSchedule.DAY_MILLIS, RECHECK_MAX)) {
            if (stopping) {
                break;
            }
            try {
                erased += purge.finish(k.appKey, k.userId).erasedMessages();
                finished++;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "finishing the hard delete of user " + k.userId + " of app " + k.appKey
                        + " failed; the next run tries again", e);
            }
        }
        metrics.erasureRun();
        Report report = new Report(erased, retentions.size(), finished);
        if (erased > 0) {
            LOG.info(() -> "data-deletion job: " + report.erasedMessages() + " messages erased (" + retentions.size()
                    + " apps with a retention, " + report.purgesFinished() + " recent hard deletes checked)");
        }
        return report;
    }

    /**
     * Erases, in one pass along the message ids, every app's messages created before its cutoff,
     * from where the apps' last passes finished; then moves each app's mark to its cutoff. Starting
     * at the mark is right because no message is stored with an id below it: an id is made when
     * the message is accepted, and the mark is days in the past.
     */
    private long applyRetentions(List<AppService.Retention> retentions, long now) {
        Map<String, String> beforeByApp = new HashMap<>();
        Map<String, Long> cutoffs = new HashMap<>();
        long from = Long.MAX_VALUE;
        for (AppService.Retention r : retentions) {
            long cutoff = ErasureSchedule.cutoff(now, r.days());
            long done = r.erasedBefore() == null ? 0 : r.erasedBefore();
            if (done < cutoff) {
                beforeByApp.put(r.appKey(), Ulids.floor(cutoff));
                cutoffs.put(r.appKey(), cutoff);
                from = Math.min(from, done);
            }
        }
        if (beforeByApp.isEmpty()) {
            return 0;
        }
        int batch = config.eraseBatchMax();
        // from the millisecond before the earliest mark: the ids of its own millisecond are all above this
        String after = from == 0 ? "" : Ulids.floor(from - 1);
        long total = 0;
        MessageStore.Erased page;
        do {
            page = messages.eraseOlderThan(beforeByApp, after, batch);
            total += page.erased();
            metrics.erased(page.erased());
            after = page.last();
        } while (page.scanned() == batch && !stopping);
        if (page.scanned() < batch) {
            cutoffs.forEach(apps::retentionErasedBefore);
        }
        return total;
    }
}
