package com.xuqinmin.im.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.f4b6a3.ulid.UlidCreator;
import com.xuqinmin.im.platform.Ulids;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Erasing content on a real database (docs/security.md, data deletion): a row keeps its id, seq,
 * sender and time and becomes DELETED with no content, so a conversation's seqs stay gap-free; only
 * what still has content changes, so erasing again changes nothing.
 */
class ErasureStoreTest {

    private static final String APP = "ak_erase";
    private static TestDatabase db;

    @BeforeAll
    static void open() {
        db = new TestDatabase();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static MessageStore messages(EntityManager em) {
        MessageStore s = new MessageStore();
        s.em = em;
        return s;
    }

    private static NewMessage single(String app, String from, String to, String clientId) {
        return new NewMessage(Ulids.next(), app, ConversationId.single(from, to), ChatType.SINGLE, from, to,
                MsgType.TEXT, "secret " + clientId, clientId, System.currentTimeMillis());
    }

    private static NewMessage group(String from, String groupId, String clientId) {
        return new NewMessage(Ulids.next(), APP, ConversationId.group(groupId), ChatType.GROUP, from, groupId,
                MsgType.IMAGE, "{\"url\":\"https://x/" + clientId + "\"}", clientId, System.currentTimeMillis());
    }

    /** A message made at {@code createdAt}, with an id of that time as the server makes them. */
    private static NewMessage at(long createdAt, String from, String to, String clientId) {
        return new NewMessage(UlidCreator.getMonotonicUlid(createdAt).toString(), APP, ConversationId.single(from, to),
                ChatType.SINGLE, from, to, MsgType.TEXT, "old " + clientId, clientId, createdAt);
    }

    private static List<StoredMessage> conversation(String cid) {
        return db.inTx(em -> messages(em).after(APP, cid, 0, 100));
    }

    private static long eraseAllOf(String app, String user, int batch) {
        long erased = 0;
        String after = "";
        MessageStore.Erased page;
        do {
            String from = after;
            page = db.inTx(em -> messages(em).eraseSentBy(app, user, from, batch));
            erased += page.erased();
            after = page.last();
        } while (page.scanned() == batch);
        return erased;
    }

    @Test
    void a_senders_messages_lose_their_content_and_keep_their_place_and_the_others_are_untouched() {
        String cid = ConversationId.single("p1", "q1");
        db.inTx(em -> messages(em).storeBatch(List.of(single(APP, "p1", "q1", "a"), single(APP, "q1", "p1", "b"),
                single(APP, "p1", "q1", "c"), group("p1", "grp-e", "d"), group("r1", "grp-e", "e"),
                single("ak_other", "p1", "q1", "f"))));

        assertThat(eraseAllOf(APP, "p1", 2)).as("over pages of two").isEqualTo(3);

        List<StoredMessage> single = conversation(cid);
        assertThat(single).extracting(StoredMessage::seq).containsExactly(1L, 2L, 3L);
        assertThat(single).extracting(StoredMessage::status)
                .containsExactly(Message.Status.DELETED, Message.Status.SENT, Message.Status.DELETED);
        assertThat(single).extracting(StoredMessage::content).containsExactly("", "secret b", "");
        assertThat(single.get(0).fromId()).as("the sender stays: the rows are the peer's history too").isEqualTo("p1");
        assertThat(single.get(0).messageId()).isEqualTo("a");
        List<StoredMessage> grp = conversation(ConversationId.group("grp-e"));
        assertThat(grp).extracting(StoredMessage::content).containsExactly("", "{\"url\":\"https://x/e\"}");
        assertThat(grp.get(0).msgType()).isEqualTo(MsgType.IMAGE);
        List<StoredMessage> otherApp = db.inTx(em -> messages(em).after("ak_other", cid, 0, 10));
        assertThat(otherApp).extracting(StoredMessage::content).as("the same userId in another app is another user")
                .containsExactly("secret f");

        assertThat(eraseAllOf(APP, "p1", 2)).as("again: nothing left to erase").isZero();
        assertThat(conversation(cid)).extracting(StoredMessage::content).containsExactly("", "secret b", "");
    }

    @Test
    void a_revoked_message_stays_revoked_and_an_erased_one_cannot_be_revoked() {
        List<StoredMessage> stored = db.inTx(em -> messages(em).storeBatch(List.of(
                single(APP, "p2", "q2", "a"), single(APP, "p2", "q2", "b"))));
        db.inTx(em -> messages(em).revoke(stored.get(0).id(), 7));

        assertThat(eraseAllOf(APP, "p2", 10)).isEqualTo(1);
        List<StoredMessage> after = conversation(ConversationId.single("p2", "q2"));
        assertThat(after).extracting(StoredMessage::status).containsExactly(Message.Status.REVOKED, Message.Status.DELETED);
        assertThat(after.get(0).revokedAt()).isEqualTo(7L);

        MessageStore.Revoked late = db.inTx(em -> messages(em).revoke(stored.get(1).id(), 9));
        assertThat(late.changed()).as("an erased message has nothing left to revoke").isFalse();
        assertThat(late.message().status()).isEqualTo(Message.Status.DELETED);
        assertThat(late.message().revokedAt()).isNull();
    }

    @Test
    void one_pass_along_the_ids_erases_each_apps_messages_created_before_its_own_bound() {
        long day = 86_400_000L;
        long now = System.currentTimeMillis();
        String cid = ConversationId.single("p3", "q3");
        List<NewMessage> batch = new ArrayList<>();
        batch.add(at(now - 40 * day, "p3", "q3", "o1"));
        batch.add(at(now - 31 * day, "q3", "p3", "o2"));
        batch.add(at(now - 29 * day, "p3", "q3", "o3"));
        batch.add(single(APP, "q3", "p3", "n1"));
        db.inTx(em -> messages(em).storeBatch(batch));
        NewMessage otherApp = new NewMessage(UlidCreator.getMonotonicUlid(now - 40 * day).toString(), "ak_keeps",
                cid, ChatType.SINGLE, "p3", "q3", MsgType.TEXT, "kept", "k1", now - 40 * day);
        db.inTx(em -> messages(em).storeOne(otherApp));
        Map<String, String> bounds = Map.of(APP, Ulids.floor(now - 30 * day), "ak_none", Ulids.floor(now - day));

        long erased = 0;
        int pages = 0;
        String after = "";
        MessageStore.Erased page;
        do {
            String from = after;
            page = db.inTx(em -> messages(em).eraseOlderThan(bounds, from, 1));
            erased += page.erased();
            after = page.last();
            pages++;
        } while (page.scanned() == 1);

        assertThat(erased).isEqualTo(2);
        assertThat(pages).as("a page of one row at a time, up to the highest bound").isGreaterThanOrEqualTo(4);
        assertThat(conversation(cid)).extracting(StoredMessage::content).containsExactly("", "", "old o3", "secret n1");
        assertThat(conversation(cid)).extracting(StoredMessage::seq).containsExactly(1L, 2L, 3L, 4L);
        List<StoredMessage> kept = db.inTx(em -> messages(em).after("ak_keeps", cid, 0, 10));
        assertThat(kept).extracting(StoredMessage::content).as("an app without a bound keeps everything")
                .containsExactly("kept");
        int again = db.inTx(em -> messages(em).eraseOlderThan(bounds, "", 100).erased());
        assertThat(again).as("what is erased stays as it is").isZero();
    }
}
