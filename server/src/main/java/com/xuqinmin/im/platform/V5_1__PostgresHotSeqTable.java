package com.xuqinmin.im.platform;

import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * PostgreSQL only (nothing on H2): the storage settings V4 gave {@code im_conversation} move with
 * {@code last_seq} to {@code im_conversation_seq} (V5), the table now updated with every message;
 * {@code im_conversation} is written once per conversation and goes back to the defaults.
 */
public class V5_1__PostgresHotSeqTable extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        if (!"PostgreSQL".equalsIgnoreCase(context.getConnection().getMetaData().getDatabaseProductName())) {
            return;
        }
        try (Statement s = context.getConnection().createStatement()) {
            s.execute("ALTER TABLE im_conversation_seq SET (" + V4__PostgresHotTables.HOT_TABLE_OPTIONS + ")");
            s.execute("ALTER TABLE im_conversation RESET (fillfactor, autovacuum_vacuum_scale_factor, "
                    + "autovacuum_vacuum_threshold, autovacuum_analyze_scale_factor)");
        }
    }
}
