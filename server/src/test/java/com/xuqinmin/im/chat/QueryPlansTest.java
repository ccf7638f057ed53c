package com.xuqinmin.im.chat;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.persistence.sessions.DatabaseRecord;
import org.eclipse.persistence.jpa.JpaQuery;
import org.eclipse.persistence.queries.DatabaseQuery;
import org.eclipse.persistence.sessions.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plans H2 makes for the chat paths' statements on an empty database. H2 plans a statement when
 * it is first prepared and keeps that plan for as long as the statement lives, which in the server's
 * connection pool is as long as the connection; ANALYZE and the tables' growth do not re-plan it. On
 * an empty table every index looks alike, so a statement first prepared there must have no way to
 * read more than its own rows: each table it touches is read by a seek on more than the app key (a
 * tenant's rows).
 */
class QueryPlansTest {

    private static TestDatabase db;

    @BeforeAll
    static void open() {
        db = new TestDatabase();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    /** How a plan reads one table: the index, and the leading index columns it seeks on. */
    record Access(String index, List<String> seek) {
    }

    private static final Pattern ACCESS = Pattern.compile("/\\* PUBLIC\\.([A-Z0-9_]+)(\\.tableScan|: ([^*]*))\\s*\\*/");

    @Test
    void a_read_receipt_finds_the_senders_within_the_conversation() {
        List<Access> plan = db.inTx(em -> plan(em, sqlOf(em, MessageStore.SENDERS_BETWEEN)));
        assertThat(plan).hasSize(1);
        assertThat(plan.get(0).seek()).containsExactly("APP_KEY", "CONVERSATION_ID", "SEQ");
    }

    /**
     * Without an index by sender or by revoke (V7), a user's own latest message and a conversation's
     * revokes are found within the conversation: by its seq index over a range of seqs, by the revoke
     * table's key.
     */
    @Test
    void own_messages_and_revokes_are_found_within_the_conversation() {
        List<Access> own = db.inTx(em -> plan(em, sqlOf(em, ConversationService.OWN_LATEST_AFTER)));
        assertThat(own).hasSize(1);
        assertThat(own.get(0).seek()).containsExactly("APP_KEY", "CONVERSATION_ID", "SEQ");
        List<Access> revoked = db.inTx(em -> plan(em, sqlOf(em, MessageStore.REVOKED_SINCE)));
        assertThat(revoked).hasSize(2);
        assertThat(revoked.get(0).seek()).containsExactly("APP_KEY", "CONVERSATION_ID", "REVOKE_NO");
        assertThat(revoked.get(1).seek()).containsExactly("APP_KEY", "CONVERSATION_ID", "SEQ");
        List<Access> first = db.inTx(em -> plan(em, sqlOf(em, CursorStore.FIRST_REVOKE_FROM)));
        assertThat(first).hasSize(1);
        assertThat(first.get(0).seek()).containsExactly("APP_KEY", "CONVERSATION_ID");
    }

    /**
     * Erasure (data deletion) has no index of its own: a sender's messages are read along the
     * unique key of its client ids, messages older than a time along the primary key, whose ids are
     * ordered by creation time; the update finds each row by its id.
     */
    @Test
    void erasure_reads_a_senders_messages_by_client_id_and_old_messages_by_id() {
        List<Access> bySender = db.inTx(em -> plan(em, sqlOf(em, MessageStore.SENT_BY_PAGE)));
        assertThat(bySender).hasSize(1);
        assertThat(bySender.get(0).seek()).containsExactly("APP_KEY", "FROM_ID", "CLIENT_MESSAGE_ID");
        List<Access> byTime = db.inTx(em -> plan(em, sqlOf(em, MessageStore.BETWEEN_IDS)));
        assertThat(byTime).hasSize(1);
        assertThat(byTime.get(0).seek()).containsExactly("ID");
    }

    @Test
    void sync_and_the_conversation_list_seek_the_users_own_conversations() {
        List<String> statements = new ArrayList<>();
        for (String side : Conversation.EITHER_USER) {
            statements.add(ConversationStore.SINGLES + side);
            statements.add(ConversationService.SINGLES_WITH_LAST + side);
        }
        statements.add(ConversationStore.GROUPS_SINCE_JOINED);
        statements.add(ConversationService.READ_BY_CONVERSATION);
        for (String jpql : statements) {
            List<Access> plan = db.inTx(em -> plan(em, sqlOf(em, jpql)));
            assertThat(plan).as(jpql).isNotEmpty();
            for (Access a : plan) {
                assertThat(a.seek()).as("%s reads %s", jpql, a).hasSizeGreaterThan(1);
            }
        }
    }

    /**
     * A row addressed by its primary key or a unique key, as {@code em.find}, EclipseLink's UPDATE
     * of an entity and the stores' JDBC updates address it, is read by a seek on the whole key; on
     * an index that fixes only part of it, H2 would read every row sharing that part (a 1,000-member
     * group's cursors for one device's cursor).
     */
    @Test
    void a_row_addressed_by_its_key_is_sought_by_the_whole_key() {
        List<String> checked = db.inTx(em -> {
            Connection c = em.unwrap(Connection.class);
            List<String> done = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, STRING_AGG(u.COLUMN_NAME, ',' ORDER BY u.ORDINAL_POSITION) "
                    + "FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS k JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE u "
                    + "ON u.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND u.CONSTRAINT_NAME = k.CONSTRAINT_NAME "
                    + "WHERE k.TABLE_SCHEMA = 'PUBLIC' AND k.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE') "
                    + "AND k.TABLE_NAME LIKE 'IM\\_%' GROUP BY k.TABLE_NAME, k.CONSTRAINT_NAME ORDER BY 1, 2")) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    List<String> key = List.of(rs.getString(3).split(","));
                    String where = " WHERE " + String.join(" = ? AND ", key) + " = ?";
                    for (String sql : List.of("SELECT * FROM " + table + where,
                            "UPDATE " + table + " SET " + key.get(0) + " = " + key.get(0) + where)) {
                        List<Access> plan = plan(em, sql);
                        done.add(plan.size() == 1 && plan.get(0).seek().containsAll(key) ? sql : sql + " reads " + plan);
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return done;
        });
        assertThat(checked).anyMatch(sql -> sql.startsWith("UPDATE IM_CURSOR "))
                .noneMatch(sql -> sql.contains(" reads "));
    }

    /** The SQL EclipseLink runs for a JPQL statement. */
    private static String sqlOf(EntityManager em, String jpql) {
        DatabaseQuery q = em.createQuery(jpql).unwrap(JpaQuery.class).getDatabaseQuery();
        q.prepareCall(em.unwrap(Session.class), new DatabaseRecord());
        return q.getSQLString();
    }

    /** The table accesses of H2's plan for {@code sql}, in plan order. */
    private static List<Access> plan(EntityManager em, String sql) {
        Connection c = em.unwrap(Connection.class);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN " + sql)) {
            rs.next();
            String text = rs.getString(1).replaceAll("\\s+", " ");
            List<Access> out = new ArrayList<>();
            Matcher m = ACCESS.matcher(text);
            while (m.find()) {
                String conditions = m.group(3) == null ? "" : m.group(3);
                out.add(new Access(m.group(1), seek(c, m.group(1), conditions)));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /**
     * The leading columns of an index that the conditions fix: equal to something, or (the last one
     * used) bounded by a range. H2 seeks an IN list only on an index's first column.
     */
    private static List<String> seek(Connection c, String index, String conditions) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.INDEX_COLUMNS "
                + "WHERE INDEX_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, index);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        List<String> seek = new ArrayList<>();
        for (String col : columns) {
            String at = "(^|[ .(])" + col;
            if (Pattern.compile(at + " = ").matcher(conditions).find()
                    || seek.isEmpty() && Pattern.compile(at + " IN\\(").matcher(conditions).find()) {
                seek.add(col);
            } else {
                if (Pattern.compile(at + " [<>]=? ").matcher(conditions).find()) {
                    seek.add(col);
                }
                break;
            }
        }
        return seek;
    }
}
