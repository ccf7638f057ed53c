package com.xuqinmin.im.platform;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Keeps PostgreSQL's hot tables small when its autovacuum is off. Every message updates its
 * conversation's counter row ({@code im_conversation_seq}) and every second each device's cursor
 * rows: without VACUUM their dead row versions pile up and every send gets slower (bench/: 2,700 →
 * 1,500 → 1,200 persisted messages/s in three runs in a row on one server; with a VACUUM between
 * the runs, 4,200 → 4,900 → 5,000).
 * With autovacuum on (PostgreSQL's default, and what docs/deployment.md asks for) this does nothing;
 * with it off, it warns once and vacuums those tables every {@code im.pg.vacuum-seconds}.
 */
@ApplicationScoped
public class Upkeep {

    private static final Logger LOG = Logger.getLogger(Upkeep.class.getName());
    private static final String[] HOT_TABLES = {"im_conversation_seq", "im_cursor"};

    @Resource(lookup = "jdbc/im")
    DataSource dataSource;

    @Inject
    ImConfig config;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> task;

    /** Called at start-up on PostgreSQL. */
    public void start() {
        long every = config.pgVacuumSeconds();
        if (every <= 0) {
            return;
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW autovacuum")) {
            if (rs.next() && "on".equalsIgnoreCase(rs.getString(1))) {
                return;
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "could not read PostgreSQL's autovacuum setting", e);
            return;
        }
        LOG.warning(() -> "PostgreSQL runs with autovacuum off: this server vacuums im_conversation_seq and im_cursor"
                + " every " + every + " s (IM_PG_VACUUM_SECONDS); turn autovacuum on (docs/deployment.md)");
        task = scheduler.scheduleWithFixedDelay(this::vacuum, every, every, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void vacuum() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true); // VACUUM cannot run in a transaction
            for (String table : HOT_TABLES) {
                s.execute("VACUUM (ANALYZE) " + table);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "VACUUM of the hot tables failed; will retry", e);
        }
    }
}
