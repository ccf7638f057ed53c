package com.xuqinmin.im.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.chat.TestDatabase;
import com.xuqinmin.im.delivery.UserChanged;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.Tx;
import jakarta.persistence.EntityManager;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The user cache on a real database: bounded in size whatever the number of users asked about, and
 * a user that changed is read again once its {@link UserChanged} event arrives.
 */
class UserCacheTest {

    private static final String APP = "ak_cache";
    private static final int USERS = 2_000;
    private static final long MAX = 100;

    private static TestDatabase db;

    @BeforeAll
    static void open() {
        db = new TestDatabase();
        db.inTx(em -> {
            for (int i = 0; i < USERS; i++) {
                em.persist(new ImUser(APP, "u" + i, 1L));
            }
            return null;
        });
    }

    @AfterAll
    static void close() {
        db.close();
    }

    /** A directory as the container wires it, over an EntityManager of the test database. */
    private static UserDirectory directory(EntityManager em) {
        UserDirectory d = new UserDirectory();
        d.em = em;
        d.tx = new Tx() {
            @Override
            public <T> T call(Supplier<T> work) {
                return work.get();
            }
        };
        d.config = new ImConfig() {
            @Override
            public long cacheUsersMax() {
                return MAX;
            }
        };
        d.start();
        return d;
    }

    @Test
    void the_cache_holds_at_most_its_maximum_however_many_users_are_asked_about() {
        db.inTx(em -> {
            UserDirectory users = directory(em);
            for (int i = 0; i < USERS; i++) {
                assertThat(users.state(APP, "u" + i).active()).isTrue();
            }
            assertThat(users.cachedUsers()).isLessThanOrEqualTo(MAX);
            assertThat(users.state(APP, "u0").active()).as("an evicted user is read again").isTrue();
            assertThat(users.state(APP, "nobody").active()).isFalse();
            return null;
        });
    }

    @Test
    void a_changed_user_is_read_again_once_its_event_arrives() {
        db.inTx(em -> {
            UserDirectory users = directory(em);
            assertThat(users.state(APP, "u7").active()).isTrue();
            em.find(ImUser.class, new ImUser.Key(APP, "u7")).setStatus(ImUser.Status.BANNED);
            em.flush();
            assertThat(users.state(APP, "u7").active()).as("still cached").isTrue();
            users.forget(new UserChanged(APP, "u7"));
            assertThat(users.state(APP, "u7").active()).as("read again").isFalse();
            return null;
        });
    }
}
