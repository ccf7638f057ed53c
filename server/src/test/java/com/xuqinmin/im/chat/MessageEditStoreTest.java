package com.xuqinmin.im.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.Ulids;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Editing on a real database (the migrations applied): the row keeps its seq and takes the latest
 * content, every version is kept (the original as version 0), an edit id already used changes
 * nothing, an edit is numbered with the revokes so a device that had the message hears of it, and
 * erasing or revoking the content drops the earlier versions too.
 */
class MessageEditStoreTest {

    private static final String APP = "ak_edit";
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

    private static StoredMessage stored(String from, String to, String clientId) {
        NewMessage n = new NewMessage(Ulids.next(), APP, ConversationId.single(from, to), ChatType.SINGLE, from, to,
                MsgType.TEXT, "original " + clientId, clientId, System.currentTimeMillis());
        return db.inTx(em -> messages(em).storeBatch(List.of(n))).get(0);
    }

    private static List<MessageStore.Version> versions(String id) {
        return db.inTx(em -> messages(em).versions(id));
    }

    @Test
    void edits_keep_the_seq_and_every_version_and_an_edit_id_counts_once() {
        StoredMessage m = stored("e1", "f1", "a");
        MessageStore.Edited first = db.inTx(em -> messages(em).edit(m.id(), "second", 1000, "x-1"));
        assertThat(first.changed()).isTrue();
        assertThat(first.message().content()).isEqualTo("second");
        assertThat(first.message().seq()).isEqualTo(m.seq());
        assertThat(first.message().editCount()).isEqualTo(1);
        assertThat(first.message().editedAt()).isEqualTo(1000);

        MessageStore.Edited replay = db.inTx(em -> messages(em).edit(m.id(), "something else", 2000, "x-1"));
        assertThat(replay.changed()).isFalse();
        assertThat(replay.message().content()).isEqualTo("second");
        assertThat(replay.message().editCount()).isEqualTo(1);

        db.inTx(em -> messages(em).edit(m.id(), "third", 3000, null));
        List<MessageStore.Version> versions = db.inTx(em -> messages(em).versions(m.id()));
        assertThat(versions).extracting(MessageStore.Version::version).containsExactly(0, 1, 2);
        assertThat(versions).extracting(MessageStore.Version::content)
                .containsExactly("original a", "second", "third");
        assertThat(versions).extracting(MessageStore.Version::editId).containsExactly(null, "x-1", null);
        assertThat(versions.get(0).editedAt()).isEqualTo(m.createdAt());

        StoredMessage now = db.inTx(em -> messages(em).after(APP, m.conversationId(), 0, 10)).get(0);
        assertThat(now.content()).isEqualTo("third");
        assertThat(now.editCount()).isEqualTo(2);
        assertThat(now.editedAt()).isEqualTo(3000);
        assertThat(MessageJson.message(now)).endsWith("\"editedAt\":3000,\"editCount\":2}");
        // a device that had it and has seen no revoke or edit of the conversation is told of it
        List<StoredMessage> told = db.inTx(em -> messages(em).revokedSince(APP, m.conversationId(), 0, m.seq(), 10));
        assertThat(told).extracting(StoredMessage::id).containsOnly(m.id());
    }

    @Test
    void an_unedited_message_has_no_versions_and_keeps_its_shape() {
        StoredMessage m = stored("e2", "f2", "b");
        assertThat(versions(m.id())).isEmpty();
        assertThat(MessageJson.message(m)).doesNotContain("editedAt").doesNotContain("editCount");
    }

    @Test
    void revoking_or_erasing_drops_the_versions_and_a_revoked_message_is_refused() {
        StoredMessage r = stored("e3", "f3", "c");
        db.inTx(em -> messages(em).edit(r.id(), "edited", 1000, null));
        db.inTx(em -> messages(em).revoke(r.id(), 2000));
        assertThat(versions(r.id())).isEmpty();
        assertThatThrownBy(() -> db.inTx(em -> messages(em).edit(r.id(), "back", 3000, null)))
                .isInstanceOf(ImException.class).extracting(e -> ((ImException) e).error())
                .isEqualTo(ErrorCode.MESSAGE_REVOKED);

        StoredMessage d = stored("e4", "f4", "d");
        db.inTx(em -> messages(em).edit(d.id(), "edited", 1000, null));
        db.inTx(em -> messages(em).eraseSentBy(APP, "e4", "", 100));
        assertThat(versions(d.id())).isEmpty();
    }
}
