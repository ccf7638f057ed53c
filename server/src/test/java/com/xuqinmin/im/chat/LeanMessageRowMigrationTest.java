package com.xuqinmin.im.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.platform.Schema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * Migration V7 on a database of the previous release: the revokes already numbered move to
 * {@code im_revoke}, so a device that saw some of them is told exactly the later ones; the message
 * row loses its index by sender, and its revoke number with its index.
 */
class LeanMessageRowMigrationTest {

    @Test
    void numbered_revokes_move_to_their_table_and_the_message_indexes_go() throws SQLException {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:m" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        Schema.migrations(ds).target("6.1").load().migrate();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (int seq = 1; seq <= 4; seq++) {
                s.execute("INSERT INTO im_message (id, app_key, conversation_id, seq, from_id, to_id, chat_type, "
                        + "msg_type, content, status, client_message_id, created_at, revoked_at, revoke_no) VALUES ('m"
                        + seq + "', 'ak', 's_a_b', " + seq + ", 'a', 'b', 'SINGLE', 'TEXT', '', "
                        + (seq % 2 == 0 ? "'REVOKED', 'c" + seq + "', 1, 2, " + seq / 2 : "'NORMAL', 'c" + seq + "', 1, NULL, NULL")
                        + ")");
            }
            assertThat(indexesOfMessage(s)).contains("IX_MESSAGE_SENDER", "IX_MESSAGE_REVOKE_NO");
        }

        Schema.migrations(ds).load().migrate();

        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT conversation_id, revoke_no, seq FROM im_revoke ORDER BY revoke_no")) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + "#" + rs.getLong(2) + "@" + rs.getLong(3));
                }
            }
            assertThat(rows).containsExactly("s_a_b#1@2", "s_a_b#2@4");
            assertThat(indexesOfMessage(s)).doesNotContain("IX_MESSAGE_SENDER", "IX_MESSAGE_REVOKE_NO")
                    .anyMatch(i -> i.startsWith("UQ_MESSAGE_SEQ"));
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS "
                    + "WHERE TABLE_NAME = 'IM_MESSAGE' AND COLUMN_NAME = 'REVOKE_NO'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the number is only in im_revoke").isZero();
            }
            // the revoked messages are found through the new table, as a device that saw the first asks
            try (ResultSet rs = s.executeQuery("SELECT m.id FROM im_revoke r JOIN im_message m ON m.app_key = r.app_key "
                    + "AND m.conversation_id = r.conversation_id AND m.seq = r.seq WHERE r.app_key = 'ak' "
                    + "AND r.conversation_id = 's_a_b' AND r.revoke_no > 1 ORDER BY r.revoke_no")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("m4");
                assertThat(rs.next()).isFalse();
            }
        }
    }

    private static List<String> indexesOfMessage(Statement s) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES "
                + "WHERE TABLE_NAME = 'IM_MESSAGE'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
