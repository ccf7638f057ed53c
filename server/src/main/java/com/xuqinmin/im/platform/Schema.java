package com.xuqinmin.im.platform;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The schema's migrations: the SQL scripts in {@code db/migration}, the same on H2 and PostgreSQL,
 * and the Java migrations that set one database's own options. Start-up and the tests migrate with
 * this one configuration.
 */
public final class Schema {

    private Schema() {
    }

    /** Flyway, configured for {@code dataSource}; add a target or load and migrate. */
    public static FluentConfiguration migrations(DataSource dataSource) {
        return Flyway.configure(Schema.class.getClassLoader())
                .dataSource(dataSource)
                // db/migration and db/callback hold an empty flyway.location file: Liberty's class
                // loader (like WebSphere's) only finds a classpath folder through a file in it
                .locations("classpath:db/migration")
                .javaMigrations(new V4__PostgresHotTables(), new V5_1__PostgresHotSeqTable(),
                        new V6_1__H2AppKeySelectivity(), new V7_1__H2RevokeAppKeySelectivity(),
                        new V19__PostgresMessageSearch())
                .failOnMissingLocations(true);
    }
}
