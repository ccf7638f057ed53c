package com.xuqinmin.im.startup;

import com.xuqinmin.im.account.AccountService;
import com.xuqinmin.im.auth.DemoUsers;
import com.xuqinmin.im.auth.JwtKeys;
import com.xuqinmin.im.erasure.ErasureJob;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.Schema;
import com.xuqinmin.im.platform.SecretCipher;
import com.xuqinmin.im.platform.Upkeep;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import com.xuqinmin.im.webhook.OutboxWorker;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Start-up, in order: migrate the schema (Flyway, the same scripts on H2 and PostgreSQL), load the
 * master key and the token signing keys, in the embedded mode create the demo app (and open the demo
 * chat unless {@code IM_DEMO=false}), and schedule the
 * data-deletion job. Runs before the first connection.
 */
@ApplicationScoped
public class Startup {

    private static final Logger LOG = Logger.getLogger(Startup.class.getName());

    @Resource(lookup = "jdbc/im")
    DataSource dataSource;

    @Inject
    SecretCipher cipher;

    @Inject
    DemoData demo;

    @Inject
    DemoUsers demoUsers;

    @Inject
    ImConfig config;

    @Inject
    JwtKeys jwtKeys;

    @Inject
    AccountService accounts;

    @Inject
    Upkeep upkeep;

    @Inject
    ErasureJob erasure;

    @Inject
    OutboxWorker webhookOutbox;

    private volatile boolean embedded;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        String product;
        String url;
        try (Connection c = dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName();
            url = c.getMetaData().getURL();
        } catch (SQLException e) {
            throw new IllegalStateException("the database is unreachable: " + e.getMessage(), e);
        }
        embedded = "H2".equalsIgnoreCase(product);
        LOG.info(() -> "Database: " + product + " at " + redact(url) + (embedded ? " (embedded mode)" : ""));
        var result = Schema.migrations(dataSource).load().migrate();
        LOG.info(() -> result.migrationsExecuted == 0 ? "Schema up to date"
                : "Schema migrated to version " + result.targetSchemaVersion + " (" + result.migrationsExecuted
                        + " migrations applied)");
        if ("PostgreSQL".equalsIgnoreCase(product)) {
            upkeep.start();
        }
        cipher.init(embedded);
        jwtKeys.init();
        try {
            accounts.ensureFirstOperator();
        } catch (RuntimeException e) {
            // two nodes starting together on an empty database: the other one created it first (its
            // name is unique), and this look finds it
            LOG.info(() -> "The first operator was created by another node at the same moment: " + e);
            accounts.ensureFirstOperator();
        }
        if (embedded) {
            demo.ensure();
            if (config.demo()) {
                demoUsers.open();
                LOG.info("The demo chat is open at / (IM_DEMO=false closes it)");
            }
        }
        erasure.start();
        webhookOutbox.start("PostgreSQL".equalsIgnoreCase(product));
        if (config.ssoIssuer().isPresent() && config.ssoJwksUrl().isPresent() && config.ssoAudience().isEmpty()) {
            LOG.warning("IM_SSO_ISSUER is set but IM_SSO_AUDIENCE is not: the consoles refuse SSO tokens until it"
                    + " names the client id the identity provider issues them for");
        }
    }

    /** Whether this server runs on its embedded database (one node, demo data). */
    public boolean embedded() {
        return embedded;
    }

    private static String redact(String url) {
        return url == null ? "?" : url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }
}
