package com.xuqinmin.im.chat;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import com.xuqinmin.im.platform.Schema;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A real database for unit tests of the persistence code: an in-memory H2 migrated by the
 * project's own Flyway scripts, and the project's persistence unit run by EclipseLink outside a
 * container (resource-local transactions instead of JTA).
 */
public final class TestDatabase implements AutoCloseable {

    private final EntityManagerFactory emf;

    public TestDatabase() {
        String url = "jdbc:h2:mem:t" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        Schema.migrations(ds).load().migrate();
        Map<String, Object> p = new HashMap<>();
        p.put("jakarta.persistence.transactionType", "RESOURCE_LOCAL");
        p.put("jakarta.persistence.jtaDataSource", "");
        p.put("jakarta.persistence.jdbc.driver", "org.h2.Driver");
        p.put("jakarta.persistence.jdbc.url", url);
        p.put("jakarta.persistence.jdbc.user", "sa");
        p.put("jakarta.persistence.jdbc.password", "");
        p.put("eclipselink.logging.level", "SEVERE");
        emf = Persistence.createEntityManagerFactory("im", p);
    }

    /** Runs {@code work} in one transaction of a fresh EntityManager; rolls back when it throws. */
    public <T> T inTx(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            T r = work.apply(em);
            em.getTransaction().commit();
            return r;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    @Override
    public void close() {
        emf.close();
    }
}
