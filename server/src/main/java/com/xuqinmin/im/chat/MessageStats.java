package com.xuqinmin.im.chat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * How many messages an app has stored: in all, and on each of the last days (UTC). Each number is a
 * count of a range of the index on (app_key, created_at) (V14), so it reads index entries only, never
 * the rows; the total reads all of the app's entries, the days only those of the last week.
 * Messages erased by retention or a hard delete are no longer counted; revoked ones are.
 */
@ApplicationScoped
public class MessageStats {

    /** The days counted: today and the six before it. */
    public static final int DAYS = 7;

    private static final long DAY_MILLIS = 86_400_000L;

    /** One UTC day ({@code 2026-12-08}) and the messages stored on it. */
    public record Day(String day, long count) {
    }

    /** The app's messages in all, and per day for the last {@link #DAYS} days, oldest first (today last). */
    public record Counts(long total, List<Day> days) {
    }

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    Clock clock;

    @Transactional
    public Counts of(String appKey) {
        long total = em.createQuery("SELECT COUNT(m) FROM Message m WHERE m.appKey = :a", Long.class)
                .setParameter("a", appKey).getSingleResult();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<Day> days = new ArrayList<>(DAYS);
        for (int i = DAYS - 1; i >= 0; i--) {
            LocalDate d = today.minusDays(i);
            long from = d.toEpochDay() * DAY_MILLIS;
            long n = em.createQuery("SELECT COUNT(m) FROM Message m WHERE m.appKey = :a AND m.createdAt >= :from"
                    + " AND m.createdAt < :to", Long.class).setParameter("a", appKey).setParameter("from", from)
                    .setParameter("to", from + DAY_MILLIS).getSingleResult();
            days.add(new Day(d.toString(), n));
        }
        return new Counts(total, days);
    }
}
