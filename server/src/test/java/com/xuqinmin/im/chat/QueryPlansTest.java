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

    @Test
    void sync_and_the_conversation_list_seek_the_users_own_conversations() {
        List<String> statements = new ArrayList<>();
        for (String side : Conversation.EITHER_USER) {
            statements.add(ChatService.SINGLES + side);
            statements.add(ConversationService.SINGLES_WITH_LAST + side);
        }
        statements.add(ChatService.GROUPS_SINCE_JOINED);
        statements.add(ConversationService.READ_BY_CONVERSATION);
        for (String jpql : statements) {
            List<Access> plan = db.inTx(em -> plan(em, sqlOf(em, jpql)));
            assertThat(plan).as(jpql).isNotEmpty();
            for (Access a : plan) {
                assertThat(a.seek()).as("%s reads %s", jpql, a).hasSizeGreaterThan(1);
            }
        }
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
