package com.xuqinmin.im.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.chat.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tenant and operator rows on a real database: ids from the sequences, lockout columns. */
class AccountsPersistenceTest {

    private static TestDatabase db;

    @BeforeAll
    static void open() {
        db = new TestDatabase();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void tenants_and_operators_get_ids_and_keep_their_lockout_state() {
        long id = db.inTx(em -> {
            Tenant t = new Tenant("Acme", "dev@acme.example", 1L);
            t.setPasswordHash("$argon2id$x");
            em.persist(t);
            em.flush();
            return t.getId();
        });
        assertThat(id).isPositive();
        long op = db.inTx(em -> {
            Operator o = new Operator("ops", "$argon2id$y", 1L);
            o.setFailedLogins(3);
            o.setLockedUntil(99L);
            em.persist(o);
            em.flush();
            return o.getId();
        });
        Operator back = db.inTx(em -> em.find(Operator.class, op));
        assertThat(back.getFailedLogins()).isEqualTo(3);
        assertThat(back.getLockedUntil()).isEqualTo(99L);
        long second = db.inTx(em -> {
            Tenant t = new Tenant("Beta", "dev@beta.example", 1L);
            em.persist(t);
            em.flush();
            return t.getId();
        });
        assertThat(second).isGreaterThan(id);
    }
}
