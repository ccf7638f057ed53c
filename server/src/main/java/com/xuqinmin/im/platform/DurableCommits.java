package com.xuqinmin.im.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Makes what was committed survive a crash of the server process before it is acknowledged.
 *
 * <p>The embedded database (H2's MVStore) keeps committed changes in memory and writes them to its
 * file in the background, every half second or so: measured on H2 2.4.240, a process halted right
 * after its commits (as {@code kill -9}, an out-of-memory kill or a JVM crash would) came back with
 * about half of them (19,330 of 40,000 committed rows). A RECEIPT promises the message is stored, so
 * before the lanes answer a group commit they call {@link #await}, which returns once a
 * {@code CHECKPOINT} that started after the caller's commit has written it to the file. The
 * checkpoints are group-committed: while one runs, every caller arriving waits for the next one,
 * which covers all of them, so under load one checkpoint answers many lanes' commits.
 *
 * <p>PostgreSQL makes a commit durable itself (its write-ahead log), so there this does nothing.
 * On H2 it is off unless {@code IM_DB_DURABLE_COMMITS=true}: it costs latency and throughput on
 * small machines (docs/deployment.md, "Durability"), and without it the last half second of
 * acknowledged messages can be lost in a crash of the process.
 */
@ApplicationScoped
public class DurableCommits {

    private static final Logger LOG = Logger.getLogger(DurableCommits.class.getName());

    @Resource(lookup = "jdbc/im")
    DataSource dataSource;

    @Inject
    ImConfig config;

    private volatile boolean decided;
    private volatile boolean enabled;
    private final Object lock = new Object();
    /** Tickets handed out: one per caller of {@link #await}. */
    private long requested;
    /** Every ticket up to this one is durable. */
    private long durable;
    private boolean running;

    /** One that never writes anything through: for stores that are not a database file (tests). */
    public static DurableCommits off() {
        DurableCommits d = new DurableCommits();
        d.decided = true;
        return d;
    }

    @PostConstruct
    void start() {
        decided = !config.durableCommits();
        if (!decided) {
            decide();
        }
    }

    /**
     * Finds out once whether commits need writing through: on H2, and when the server's database user
     * may run CHECKPOINT (H2 asks for admin rights; the user that created the database has them).
     * While the database cannot be reached, it stays undecided and is asked again at the next await.
     */
    private void decide() {
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException unreachable) {
            return;
        }
        try (c; Statement s = c.createStatement()) {
            if ("H2".equalsIgnoreCase(c.getMetaData().getDatabaseProductName())) {
                s.execute("CHECKPOINT");
                enabled = true;
            }
        } catch (SQLException e) {
            LOG.warning(() -> "commits cannot be written through (" + e.getMessage() + "): acknowledged messages "
                    + "may be lost if the process crashes within the database's write delay (deployment.md, "
                    + "\"Durability\")");
        }
        decided = true;
    }

    /**
     * Returns once everything the caller committed before calling is written to the database file.
     *
     * @throws IllegalStateException when the checkpoint failed (what was committed is kept in memory
     *                               and written later by the database, but cannot be promised now)
     */
    public void await() {
        if (!decided) {
            decide();
        }
        if (!enabled) {
            return;
        }
        long ticket;
        synchronized (lock) {
            ticket = ++requested;
        }
        for (;;) {
            long upto;
            synchronized (lock) {
                while (durable < ticket && running) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while the commit was written", e);
                    }
                }
                if (durable >= ticket) {
                    return;
                }
                // no checkpoint running: this caller runs one for every ticket handed out so far (each
                // of them committed before taking it); callers arriving meanwhile wait for the next
                running = true;
                upto = requested;
            }
            boolean ok = false;
            try {
                checkpoint();
                ok = true;
            } finally {
                synchronized (lock) {
                    running = false;
                    if (ok) {
                        durable = Math.max(durable, upto);
                    }
                    lock.notifyAll();
                }
            }
        }
    }

    /** Tickets handed out so far (tests). */
    long ticketsTaken() {
        synchronized (lock) {
            return requested;
        }
    }

    /** Whether {@link #await} writes anything (H2 with durable commits on). */
    public boolean enabled() {
        return enabled;
    }

    private void checkpoint() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        } catch (SQLException e) {
            LOG.warning(() -> "could not write committed changes to the database file: " + e);
            throw new IllegalStateException("could not write the commit to the database file", e);
        }
    }
}
