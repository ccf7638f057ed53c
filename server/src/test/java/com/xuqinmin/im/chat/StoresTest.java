package com.xuqinmin.im.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xuqinmin.im.group.GroupMember;
import com.xuqinmin.im.platform.Ulids;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The message store and the cursor store on a real database. */
class StoresTest {

    private static final String APP = "ak_test";
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

    private static CursorStore cursors(EntityManager em) {
        CursorStore s = new CursorStore();
        s.em = em;
        return s;
    }

    private static NewMessage msg(String from, String to, String clientId) {
        return new NewMessage(Ulids.next(), APP, ConversationId.single(from, to), ChatType.SINGLE, from, to,
                MsgType.TEXT, "hi " + clientId, clientId, System.currentTimeMillis());
    }

    @Test
    void a_batch_numbers_each_conversation_in_input_order() {
        List<StoredMessage> out = db.inTx(em -> messages(em).storeBatch(List.of(
                msg("a1", "b1", "m1"), msg("a2", "b2", "m1"), msg("b1", "a1", "m2"), msg("a1", "b1", "m3"))));
        assertThat(out).extracting(StoredMessage::seq).containsExactly(1L, 1L, 2L, 3L);
        assertThat(out).extracting(StoredMessage::duplicate).containsOnly(false);
        List<StoredMessage> page = db.inTx(em -> messages(em).after(APP, ConversationId.single("a1", "b1"), 0, 10));
        assertThat(page).extracting(StoredMessage::messageId).containsExactly("m1", "m2", "m3");
    }

    /** Two apps' conversations of the same id (numeric userIds make that common) on one lane. */
    @Test
    void the_same_conversation_id_in_two_apps_is_two_conversations_within_one_batch() {
        NewMessage other = new NewMessage(Ulids.next(), "ak_other", ConversationId.single("s1", "s2"), ChatType.SINGLE,
                "s1", "s2", MsgType.TEXT, "other app", "o1", System.currentTimeMillis());
        List<StoredMessage> out = db.inTx(em -> messages(em).storeBatch(List.of(
                msg("s1", "s2", "m1"), other, msg("s2", "s1", "m2"))));
        assertThat(out).extracting(StoredMessage::seq).containsExactly(1L, 1L, 2L);
        List<StoredMessage> otherApp = db.inTx(em -> messages(em).after("ak_other", ConversationId.single("s1", "s2"),
                0, 10));
        assertThat(otherApp).extracting(StoredMessage::content).containsExactly("other app");
        assertThat(db.inTx(em -> messages(em).storeOne(new NewMessage(Ulids.next(), "ak_other",
                ConversationId.single("s1", "s2"), ChatType.SINGLE, "s2", "s1", MsgType.TEXT, "next", "o2",
                System.currentTimeMillis()))).seq()).as("its own counter moved").isEqualTo(2);
    }

    @Test
    void a_resend_inside_one_batch_is_answered_with_the_first() {
        List<StoredMessage> out = db.inTx(em -> messages(em).storeBatch(List.of(
                msg("d1", "d2", "x"), msg("d1", "d2", "x"), msg("d1", "d2", "y"))));
        assertThat(out.get(1).duplicate()).isTrue();
        assertThat(out.get(1).id()).isEqualTo(out.get(0).id());
        assertThat(out.get(2).seq()).isEqualTo(2);
    }

    @Test
    void a_resend_of_an_earlier_message_fails_the_batch_and_is_found_one_by_one() {
        StoredMessage first = db.inTx(em -> messages(em).storeOne(msg("e1", "e2", "once")));
        assertThatThrownBy(() -> db.inTx(em -> messages(em).storeBatch(List.of(msg("e1", "e2", "other"),
                msg("e1", "e2", "once"))))).isInstanceOf(RuntimeException.class);
        StoredMessage again = db.inTx(em -> messages(em).storeOne(msg("e1", "e2", "once")));
        assertThat(again.duplicate()).isTrue();
        assertThat(again.id()).isEqualTo(first.id());
        // the failed batch left no trace: the next message continues at 2
        assertThat(db.inTx(em -> messages(em).storeOne(msg("e1", "e2", "other"))).seq()).isEqualTo(2);
    }

    @Test
    void a_unit_stores_new_messages_together_and_answers_old_ones_as_duplicates() {
        StoredMessage old = db.inTx(em -> messages(em).storeOne(msg("f1", "f2", "old")));
        List<StoredMessage> out = db.inTx(em -> messages(em).storeUnit(List.of(msg("f1", "f2", "old"),
                msg("f1", "f2", "new"), msg("f1", "f3", "new2"))));
        assertThat(out.get(0).duplicate()).isTrue();
        assertThat(out.get(0).id()).isEqualTo(old.id());
        assertThat(out.get(1).seq()).isEqualTo(2);
        assertThat(out.get(2).seq()).isEqualTo(1);
    }

    @Test
    void revoking_erases_the_content_and_is_idempotent() {
        StoredMessage m = db.inTx(em -> messages(em).storeOne(msg("g1", "g2", "r")));
        MessageStore.Revoked first = db.inTx(em -> messages(em).revoke(m.id(), 42));
        assertThat(first.changed()).isTrue();
        StoredMessage r = first.message();
        assertThat(r.status()).isEqualTo(Message.Status.REVOKED);
        assertThat(r.content()).isEmpty();
        assertThat(r.revokedAt()).isEqualTo(42L);
        MessageStore.Revoked again = db.inTx(em -> messages(em).revoke(m.id(), 99));
        assertThat(again.changed()).as("only the first revoke changes the row").isFalse();
        assertThat(again.message().revokedAt()).isEqualTo(42L);
    }

    @Test
    void revokes_are_numbered_per_conversation_and_found_after_a_devices_watermark() {
        StoredMessage m1 = db.inTx(em -> messages(em).storeOne(msg("w1", "w2", "a")));
        StoredMessage m2 = db.inTx(em -> messages(em).storeOne(msg("w1", "w2", "b")));
        StoredMessage m3 = db.inTx(em -> messages(em).storeOne(msg("w1", "w2", "c")));
        db.inTx(em -> messages(em).revoke(m2.id(), 1));
        db.inTx(em -> messages(em).revoke(m3.id(), 2));
        db.inTx(em -> messages(em).revoke(m3.id(), 3)); // again: not numbered twice
        String cid = ConversationId.single("w1", "w2");
        List<StoredMessage> all = db.inTx(em -> messages(em).revokedSince(APP, cid, 0, 10, 10));
        assertThat(all).extracting(StoredMessage::id).containsExactly(m2.id(), m3.id());
        List<StoredMessage> afterFirst = db.inTx(em -> messages(em).revokedSince(APP, cid, 1, 10, 10));
        assertThat(afterFirst).extracting(StoredMessage::id).containsExactly(m3.id());
        List<StoredMessage> onlyHad = db.inTx(em -> messages(em).revokedSince(APP, cid, 0, m2.seq(), 10));
        assertThat(onlyHad).as("a device that had only up to seq 2").extracting(StoredMessage::id)
                .containsExactly(m2.id());
        assertThat(m1.seq()).isEqualTo(1);
    }

    @Test
    void delivered_cursor_advances_only_over_contiguous_seqs() {
        String cid = ConversationId.single("h1", "h2");
        Cursor.Key key = new Cursor.Key(APP, "h2", "phone", cid);
        boolean[] gap = db.inTx(em -> cursors(em).applyDelivered(List.of(new CursorStore.Advance(key, 3, 5))));
        assertThat(gap[0]).as("1..2 never delivered").isFalse();
        boolean[] ok = db.inTx(em -> cursors(em).applyDelivered(List.of(new CursorStore.Advance(key, 1, 2))));
        assertThat(ok[0]).isTrue();
        boolean[] now = db.inTx(em -> cursors(em).applyDelivered(List.of(new CursorStore.Advance(key, 3, 5))));
        assertThat(now[0]).isTrue();
        java.util.Map<String, Long> phone = db.inTx(em -> cursors(em).deliveredOf(APP, "h2", "phone"));
        assertThat(phone).containsEntry(cid, 5L);
        boolean[] old = db.inTx(em -> cursors(em).applyDelivered(List.of(new CursorStore.Advance(key, 2, 4))));
        assertThat(old[0]).as("already covered").isTrue();
        java.util.Map<String, Long> phoneAgain = db.inTx(em -> cursors(em).deliveredOf(APP, "h2", "phone"));
        assertThat(phoneAgain).containsEntry(cid, 5L);
        java.util.Map<String, Long> desktop = db.inTx(em -> cursors(em).deliveredOf(APP, "h2", "desktop"));
        assertThat(desktop).isEmpty();
    }

    @Test
    void a_group_members_cursor_starts_where_it_joined() {
        db.inTx(em -> {
            em.persist(new GroupMember(APP, "grp1", "late", GroupMember.Role.MEMBER, 1, 40));
            return null;
        });
        Cursor.Key key = new Cursor.Key(APP, "late", "default", ConversationId.group("grp1"));
        boolean[] r = db.inTx(em -> cursors(em).applyDelivered(List.of(new CursorStore.Advance(key, 41, 42))));
        assertThat(r[0]).isTrue();
        Cursor.Key stranger = new Cursor.Key(APP, "stranger", "default", ConversationId.group("grp1"));
        boolean[] s = db.inTx(em -> cursors(em).applyDelivered(List.of(new CursorStore.Advance(stranger, 1, 1))));
        assertThat(s[0]).as("not a member: nothing to keep waiting for").isTrue();
        java.util.Map<String, Long> none = db.inTx(em -> cursors(em).deliveredOf(APP, "stranger", "default"));
        assertThat(none).as("and nothing written").isEmpty();
    }

    @Test
    void read_marks_answer_the_users_previous_read_point_over_all_devices() {
        String cid = ConversationId.single("k1", "k2");
        long before1 = db.inTx(em -> cursors(em).markRead(new Cursor.Key(APP, "k1", "phone", cid), 4));
        assertThat(before1).isZero();
        long before2 = db.inTx(em -> cursors(em).markRead(new Cursor.Key(APP, "k1", "desktop", cid), 2));
        assertThat(before2).isEqualTo(4);
        long read4 = db.inTx(em -> cursors(em).readOf(APP, "k1", cid));
        assertThat(read4).isEqualTo(4);
        long before3 = db.inTx(em -> cursors(em).markRead(new Cursor.Key(APP, "k1", "desktop", cid), 9));
        assertThat(before3).isEqualTo(4);
        long read9 = db.inTx(em -> cursors(em).readOf(APP, "k1", cid));
        assertThat(read9).isEqualTo(9);
    }
}
