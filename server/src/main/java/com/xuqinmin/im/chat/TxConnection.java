package com.xuqinmin.im.chat;

import jakarta.persistence.EntityManager;
import java.sql.Connection;

/** The JDBC connection of the caller's transaction, for the hot paths that write in batches. */
final class TxConnection {

    private TxConnection() {
    }

    /**
     * The connection the EntityManager uses in the current transaction, or null when the JPA provider
     * does not hand it out (the caller then does the same work through entities).
     */
    static Connection of(EntityManager em) {
        try {
            return em.unwrap(Connection.class);
        } catch (RuntimeException providerWithoutIt) {
            return null;
        }
    }
}
