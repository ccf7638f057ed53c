package com.xuqinmin.im.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xuqinmin.im.platform.Schema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * Migration V5 on a database of the previous release: the counters of existing conversations move
 * to im_conversation_seq unchanged, so seqs and revoke numbers go on where they were.
 */
class ConversationSeqMigrationTest {

    @Test
    void existing_conversations_keep_their_last_seq_and_revoke_count() throws SQLException {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:m" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        Schema.migrations(ds).target("3.1").load().migrate();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO im_conversation (app_key, conversation_id, chat_type, user_a, user_b, last_seq, "
                    + "created_at, revoke_count) VALUES ('ak', 's_a_b', 'SINGLE', 'a', 'b', 41, 1, 3)");
            s.execute("INSERT INTO im_conversation (app_key, conversation_id, chat_type, group_id, last_seq, "
                    + "created_at) VALUES ('ak', 'g_team', 'GROUP', 'team', 7, 1)");
        }

        Schema.migrations(ds).load().migrate();

        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT conversation_id, last_seq, revoke_count FROM im_conversation_seq "
                    + "ORDER BY conversation_id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("g_team");
                assertThat(rs.getLong(2)).isEqualTo(7);
                assertThat(rs.getLong(3)).isZero();
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("s_a_b");
                assertThat(rs.getLong(2)).isEqualTo(41);
                assertThat(rs.getLong(3)).isEqualTo(3);
                assertThat(rs.next()).isFalse();
            }
            // a node of the previous release can no longer advance the old counter
            assertThatThrownBy(() -> s.executeUpdate("UPDATE im_conversation SET last_seq = last_seq + 1"))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void the_next_seq_and_revoke_number_follow_the_moved_counters() {
        try (TestDatabase db = new TestDatabase()) {
            Conversation conv = Conversation.single("ak_test", "m1", "m2", 1L);
            db.inTx(em -> Sequences.allocate(em, conv, 5));
            long next = db.inTx(em -> Sequences.allocateAll(em, List.of(
                    Conversation.single("ak_test", "m1", "m2", 1L)), new int[] {2})[0]);
            assertThat(next).isEqualTo(6);
            long firstRevoke = db.inTx(em -> Sequences.nextRevokeNo(em, "ak_test", conv.getConversationId()));
            long secondRevoke = db.inTx(em -> Sequences.nextRevokeNo(em, "ak_test", conv.getConversationId()));
            assertThat(firstRevoke).isEqualTo(1);
            assertThat(secondRevoke).isEqualTo(2);
            Conversation read = db.inTx(em -> em.find(Conversation.class,
                    new Conversation.Key("ak_test", conv.getConversationId())));
            assertThat(read.getLastSeq()).isEqualTo(7);
            assertThat(read.getRevokeCount()).isEqualTo(2);
        }
    }
}
