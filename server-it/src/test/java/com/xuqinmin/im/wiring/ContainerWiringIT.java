package com.xuqinmin.im.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xuqinmin.im.account.UserDirectory;
import com.xuqinmin.im.chat.ChatType;
import com.xuqinmin.im.chat.ConversationId;
import com.xuqinmin.im.chat.ConversationLanes;
import com.xuqinmin.im.chat.MessageStore;
import com.xuqinmin.im.chat.MsgType;
import com.xuqinmin.im.chat.NewMessage;
import com.xuqinmin.im.chat.StoredMessage;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.Ulids;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.io.File;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The container wiring, tested inside Liberty: CDI injection and MicroProfile Config, JPA through
 * the server's data source, JTA transactions (commit, rollback, transactional observers) and the
 * lanes' managed threads. The deployment is the real WAR the build made, under another name.
 */
@ExtendWith(ArquillianExtension.class)
class ContainerWiringIT {

    @Deployment
    static WebArchive deployment() {
        WebArchive war = ShrinkWrap.create(WebArchive.class, "wiring.war");
        war.merge(ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("it.war"))));
        return war.addClass(ContainerWiringIT.class).addAsLibrary(jarOf(org.assertj.core.api.Assertions.class));
    }

    /** The jar a test-only class comes from, to ship it inside the test deployment. */
    private static File jarOf(Class<?> c) {
        try {
            return new File(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Inject
    ImConfig config;

    @Inject
    MessageStore store;

    @Inject
    ConversationLanes lanes;

    @Inject
    UserDirectory users;

    @Inject
    UserTransaction utx;

    private static NewMessage message(String from, String to, String clientId) {
        return new NewMessage(Ulids.next(), "ak_demo_chat", ConversationId.single(from, to), ChatType.SINGLE, from, to,
                MsgType.TEXT, "hello", clientId, System.currentTimeMillis());
    }

    private static String uid() {
        return "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @Test
    void cdi_injects_services_with_their_configuration() {
        assertThat(config.syncPageMax()).isEqualTo(500);
        assertThat(config.frameMaxBytes()).isEqualTo(65536);
        assertThat(config.revokeWindowSeconds()).as("from the test server's server.env").isEqualTo(3);
    }

    @Test
    void a_store_commits_in_its_own_transaction_through_the_servers_data_source() {
        String a = uid();
        String b = uid();
        StoredMessage m = store.storeOne(message(a, b, "c1"));
        assertThat(m.seq()).isEqualTo(1);
        assertThat(store.find("ak_demo_chat", m.id())).isPresent();
    }

    @Test
    void a_batch_that_fails_leaves_nothing_behind() {
        String a = uid();
        String b = uid();
        store.storeOne(message(a, b, "first"));
        assertThatThrownBy(() -> store.storeBatch(List.of(message(a, b, "second"), message(a, b, "first"))))
                .isInstanceOf(RuntimeException.class);
        assertThat(store.findByClientId("ak_demo_chat", a, "second")).as("rolled back with its batch").isEmpty();
        assertThat(store.storeOne(message(a, b, "second")).seq()).as("its seq was given back").isEqualTo(2);
    }

    /**
     * A change fires its event inside the transaction; the observers that act on it (here the user
     * cache's) run once it has committed, and never when it rolls back.
     */
    @Test
    void transactional_observers_act_after_the_commit_and_not_on_rollback() throws Exception {
        String banned = uid();
        String kept = uid();
        users.importUsers("ak_demo_chat", List.of(new UserDirectory.NewUser(banned, null, null, false),
                new UserDirectory.NewUser(kept, null, null, false)));
        assertThat(users.state("ak_demo_chat", banned).active()).as("now cached").isTrue();
        assertThat(users.state("ak_demo_chat", kept).active()).isTrue();

        utx.begin();
        users.update("ak_demo_chat", banned, new UserDirectory.UserUpdate(null, null, null, null, null, "BANNED"));
        assertThat(users.state("ak_demo_chat", banned).active()).as("the cache forgets nothing before the commit")
                .isTrue();
        utx.commit();
        assertThat(users.state("ak_demo_chat", banned).active()).as("forgotten at the commit, read again").isFalse();

        utx.begin();
        users.update("ak_demo_chat", kept, new UserDirectory.UserUpdate(null, null, null, null, null, "BANNED"));
        utx.rollback();
        assertThat(users.state("ak_demo_chat", kept).active()).isTrue();
        assertThat(users.get("ak_demo_chat", kept).status()).isEqualTo("ACTIVE");
    }

    @Test
    void a_lane_answers_after_the_commit_and_a_resend_is_a_duplicate() throws Exception {
        String a = uid();
        String b = uid();
        StoredMessage first = lanes.send(message(a, b, "lane-1"), null).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(store.find("ak_demo_chat", first.id())).as("visible to another transaction: committed").isPresent();
        StoredMessage again = lanes.send(message(a, b, "lane-1"), null).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(again.duplicate()).isTrue();
        assertThat(again.id()).isEqualTo(first.id());
    }

    @Test
    void users_are_created_on_first_sign_in_in_a_transaction() {
        String u = uid();
        assertThat(users.exists("ak_demo_chat", u)).isFalse();
        users.importUsers("ak_demo_chat", List.of(new UserDirectory.NewUser(u, "N", null, false)));
        assertThat(users.exists("ak_demo_chat", u)).isTrue();
        assertThat(users.state("ak_demo_chat", u).active()).isTrue();
    }
}
