package com.xuqinmin.im.platform;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * H2 only (nothing on PostgreSQL, which re-plans with its statistics): tells H2's planner that an
 * app key alone hardly narrows a table, so that no statement is planned to read a whole tenant.
 *
 * <p>H2 plans a statement when it is first prepared and keeps the plan for as long as the statement
 * lives, which in the server's connection pool is the connection's life; a new server prepares its
 * statements on empty tables. There, with every column at H2's default selectivity, a seek on the
 * app key alone costs the same as a seek on the app key and a user, and H2 takes the index it lists
 * first, which depends on the table's history (an {@code ADD COLUMN} rebuilds a table and lists its
 * primary key last): after V3_1, a user's read points (the conversation list) were planned on
 * {@code ix_cursor_conversation}, i.e. read from every cursor of the app, until V6 rebuilt that
 * index. With the app key's selectivity at 1 (a few apps among many rows: what H2's ANALYZE finds
 * on real data) a seek that fixes more than the app key is the cheaper one whatever the order.
 * ANALYZE later replaces the figure with the measured one. {@code QueryPlansTest} checks the plans
 * on a freshly migrated database.
 */
public class V6_1__H2AppKeySelectivity extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        lowerAppKeySelectivity(context.getConnection(), null);
    }

    /**
     * On H2, sets the app key's selectivity to 1 in {@code table}, or in every table with an app key
     * when {@code table} is null; nothing on other databases. Later migrations call it for the tables
     * they create.
     */
    static void lowerAppKeySelectivity(Connection connection, String table) throws SQLException {
        if (!"H2".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName())) {
            return;
        }
        try (Statement s = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT c.TABLE_NAME FROM INFORMATION_SCHEMA.COLUMNS c "
                    + "JOIN INFORMATION_SCHEMA.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME "
                    + "WHERE c.TABLE_SCHEMA = CURRENT_SCHEMA AND c.COLUMN_NAME = 'APP_KEY' "
                    + "AND t.TABLE_TYPE = 'BASE TABLE' ORDER BY 1")) {
                while (rs.next()) {
                    if (table == null || table.equalsIgnoreCase(rs.getString(1))) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            for (String t : tables) {
                s.execute("ALTER TABLE \"" + t + "\" ALTER COLUMN APP_KEY SELECTIVITY 1");
            }
        }
    }
}
