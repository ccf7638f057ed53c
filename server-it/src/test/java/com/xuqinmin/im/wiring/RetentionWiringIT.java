package com.xuqinmin.im.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.account.AccountService;
import com.xuqinmin.im.account.AppService;
import com.xuqinmin.im.chat.ChatType;
import com.xuqinmin.im.chat.ConversationId;
import com.xuqinmin.im.chat.MessageStore;
import com.xuqinmin.im.chat.MsgType;
import com.xuqinmin.im.chat.NewMessage;
import com.xuqinmin.im.chat.StoredMessage;
import com.xuqinmin.im.erasure.ErasureJob;
import com.xuqinmin.im.platform.Ulids;
import jakarta.inject.Inject;
import java.io.File;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An app's retention applied by the data-deletion job, inside Liberty on the test server's
 * database. Messages days old cannot be sent over the wire, so this test stores them as the lanes
 * would have then (an id and a time of that day) and runs the job on the calling thread; what
 * becomes of them is read back as history reads it. The deployment is the real WAR under another
 * name.
 */
@ExtendWith(ArquillianExtension.class)
class RetentionWiringIT {

    private static final long DAY = 86_400_000L;

    @Deployment
    static WebArchive deployment() {
        WebArchive war = ShrinkWrap.create(WebArchive.class, "retention.war");
        war.merge(ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("it.war"))));
        return war.addClass(RetentionWiringIT.class).addAsLibrary(jarOf(org.assertj.core.api.Assertions.class));
    }

    private static File jarOf(Class<?> c) {
        try {
            return new File(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Inject
    AccountService accounts;

    @Inject
    AppService apps;

    @Inject
    MessageStore store;

    @Inject
    ErasureJob job;

    /** A message made at {@code createdAt}; {@code Ulids.floor} makes a distinct id for each distinct time. */
    private static NewMessage madeAt(String appKey, long createdAt, String from, String to, String content) {
        return new NewMessage(Ulids.floor(createdAt), appKey, ConversationId.single(from, to), ChatType.SINGLE, from, to,
                MsgType.TEXT, content, "c-" + createdAt, createdAt);
    }

    private static List<String> shape(List<StoredMessage> messages) {
        return messages.stream().map(m -> m.seq() + ":" + m.status() + ":" + m.content()).toList();
    }

    private static AppService.Settings retention(long days) {
        return new AppService.Settings(null, null, null, null, null, null, null, null, days, null, null, null, null);
    }

    @Test
    void the_job_erases_what_is_older_than_the_apps_retention_and_keeps_every_seq() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        long tenant = accounts.register("Retention", "r" + suffix + "@tenant.example", "Corr3ct-Horse-Battery")
                .tenantId();
        String appKey = apps.create(tenant, "Retention").appKey();
        String keeper = apps.create(tenant, "Keeps everything").appKey();
        long now = System.currentTimeMillis();
        store.storeBatch(List.of(madeAt(appKey, now - 40 * DAY, "ann", "ben", "forty days"),
                madeAt(appKey, now - 31 * DAY - 1, "ben", "ann", "thirty-one days"),
                madeAt(appKey, now - 29 * DAY, "ann", "ben", "twenty-nine days"),
                madeAt(appKey, now - 1, "ben", "ann", "today"),
                madeAt(keeper, now - 40 * DAY - 2, "ann", "ben", "another app's")));
        String cid = ConversationId.single("ann", "ben");
        // the retention after the messages, as in life: the job (also scheduled, every second here)
        // starts each app where its last run finished, and no message is ever made older than that
        apps.update(tenant, appKey, retention(30));

        job.runOnce();

        assertThat(shape(store.after(appKey, cid, 0, 10))).containsExactly("1:DELETED:", "2:DELETED:",
                "3:SENT:twenty-nine days", "4:SENT:today");
        assertThat(shape(store.after(keeper, cid, 0, 10))).containsExactly("1:SENT:another app's");
        assertThat(apps.retentions()).filteredOn(r -> r.appKey().equals(appKey)).singleElement()
                .satisfies(r -> assertThat(r.erasedBefore()).as("where the next run starts")
                        .isBetween(now - 30 * DAY, System.currentTimeMillis() - 30 * DAY));

        // a shorter retention reaches further; a retention of 0 keeps everything from then on
        apps.update(tenant, appKey, retention(7));
        job.runOnce();
        assertThat(shape(store.after(appKey, cid, 0, 10))).containsExactly("1:DELETED:", "2:DELETED:", "3:DELETED:",
                "4:SENT:today");
        apps.update(tenant, appKey, retention(0));
        assertThat(apps.retentions()).noneMatch(r -> r.appKey().equals(appKey));
        assertThat(apps.get(tenant, appKey).retentionDays()).isZero();
    }
}
