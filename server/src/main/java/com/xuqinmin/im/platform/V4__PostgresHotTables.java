package com.xuqinmin.im.platform;

import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * PostgreSQL only (nothing on H2): room on every page of the two tables that are updated in place
 * all the time — a conversation's {@code last_seq} with every message, a device's delivered cursor
 * every second — so the new row version fits on its page (a HOT update: no new index entries, and
 * the old version is pruned when the page is next read, without waiting for VACUUM); and autovacuum
 * for them after a fixed number of dead rows instead of a fifth of the table.
 *
 * <p>bench/ (docs/benchmarks.md): at 5,000 sends/s on one server, three 30 s runs in a row fell from
 * 2,700 to 1,200 persisted messages/s as dead row versions piled up in these two small tables.
 * A fill factor applies to pages written from now on; an existing database gets it as rows move.
 */
public class V4__PostgresHotTables extends BaseJavaMigration {

    /** The storage settings of a table updated in place all the time (also used by V5_1). */
    static final String HOT_TABLE_OPTIONS = "fillfactor = 50, autovacuum_vacuum_scale_factor = 0, "
            + "autovacuum_vacuum_threshold = 2000, autovacuum_analyze_scale_factor = 0.05";

    @Override
    public void migrate(Context context) throws Exception {
        if (!"PostgreSQL".equalsIgnoreCase(context.getConnection().getMetaData().getDatabaseProductName())) {
            return;
        }
        try (Statement s = context.getConnection().createStatement()) {
            for (String table : new String[] {"im_conversation", "im_cursor"}) {
                s.execute("ALTER TABLE " + table + " SET (" + HOT_TABLE_OPTIONS + ")");
            }
        }
    }
}
