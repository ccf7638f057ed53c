package com.xuqinmin.im.chat;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Allocates gap-free seqs in a conversation inside the caller's transaction. The UPDATE that
 * advances {@code last_seq} locks the conversation's counter row ({@link Conversation#SEQ_TABLE})
 * until commit, so concurrent senders on any node get consecutive, distinct ranges; a rolled-back
 * transaction gives its range back.
 */
public final class Sequences {

    private Sequences() {
    }

    /**
     * Reserves {@code count} seqs and returns the first; creates the conversation on its first
     * message. Creating races with another node's creation: the loser's transaction fails on the
     * primary key and must be retried.
     */
    public static long allocate(EntityManager em, Conversation template, int count) {
        int updated = em.createQuery("UPDATE Conversation c SET c.lastSeq = c.lastSeq + :n "
                        + "WHERE c.appKey = :a AND c.conversationId = :c")
                .setParameter("n", (long) count)
                .setParameter("a", template.getAppKey())
                .setParameter("c", template.getConversationId())
                .executeUpdate();
        if (updated == 0) {
            return create(em, template, count);
        }
        long last = em.createQuery("SELECT c.lastSeq FROM Conversation c WHERE c.appKey = :a AND c.conversationId = :c",
                        Long.class)
                .setParameter("a", template.getAppKey())
                .setParameter("c", template.getConversationId())
                .getSingleResult();
        return last - count + 1;
    }

    /**
     * {@link #allocate} for the conversations of one group commit on plain JDBC. Each existing
     * conversation costs one statement that advances its counter and answers the new value (H2's
     * {@code FINAL TABLE} of the UPDATE, PostgreSQL's {@code RETURNING}); the new ones are then
     * inserted in two JDBC batches, without going through the persistence context. Through JPQL,
     * an UPDATE and a SELECT per conversation were the lanes' busiest code (13 % of the server's CPU
     * at 1,000 messages/s), and with traffic over many quiet conversations a flush per new one.
     * Rows are locked in the order given, so callers pass the conversations sorted. Answers the
     * first seq of each.
     */
    public static long[] allocateAll(EntityManager em, List<Conversation> templates, int[] counts) {
        Connection connection = TxConnection.of(em);
        long[] first = new long[templates.size()];
        if (connection == null) {
            for (int i = 0; i < templates.size(); i++) {
                first[i] = allocate(em, templates.get(i), counts[i]);
            }
            return first;
        }
        try {
            List<Integer> fresh = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(returning(connection, ADVANCE, "last_seq"))) {
                for (int i = 0; i < templates.size(); i++) {
                    ps.setLong(1, counts[i]);
                    ps.setString(2, templates.get(i).getAppKey());
                    ps.setString(3, templates.get(i).getConversationId());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            first[i] = rs.getLong(1) - counts[i] + 1;
                        } else {
                            fresh.add(i);
                        }
                    }
                }
            }
            if (!fresh.isEmpty()) {
                createAll(connection, fresh, templates, counts);
                for (int i : fresh) {
                    first[i] = 1;
                }
            }
            return first;
        } catch (SQLException e) {
            throw new PersistenceException("could not allocate seqs", e);
        }
    }

    private static final String ADVANCE = "UPDATE " + Conversation.SEQ_TABLE
            + " SET last_seq = last_seq + ? WHERE app_key = ? AND conversation_id = ?";

    private static final String NEXT_REVOKE = "UPDATE " + Conversation.SEQ_TABLE
            + " SET revoke_count = revoke_count + 1 WHERE app_key = ? AND conversation_id = ?";

    /** Whether the server's database is PostgreSQL (else H2): asked once, not per group commit. */
    private static volatile Boolean postgres;

    /**
     * {@code update} (of one row) as a statement that answers the new value of {@code column}: H2's
     * {@code FINAL TABLE} of the UPDATE, PostgreSQL's {@code RETURNING}.
     */
    static String returning(Connection connection, String update, String column) throws SQLException {
        Boolean pg = postgres;
        if (pg == null) {
            pg = "PostgreSQL".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
            postgres = pg;
        }
        return pg ? update + " RETURNING " + column : "SELECT " + column + " FROM FINAL TABLE (" + update + ")";
    }

    /**
     * Inserts conversations met for the first time, their first {@code counts} seqs taken. Another
     * node creating the same one at once makes this transaction fail on the primary key: the caller
     * stores its messages again, one at a time, and then finds the conversation.
     */
    private static void createAll(Connection connection, List<Integer> fresh, List<Conversation> templates,
            int[] counts) throws SQLException {
        try (PreparedStatement conv = connection.prepareStatement("INSERT INTO im_conversation (app_key, "
                + "conversation_id, chat_type, user_a, user_b, group_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement seq = connection.prepareStatement("INSERT INTO " + Conversation.SEQ_TABLE
                        + " (app_key, conversation_id, last_seq, revoke_count) VALUES (?, ?, ?, 0)")) {
            for (int i : fresh) {
                Conversation c = templates.get(i);
                conv.setString(1, c.getAppKey());
                conv.setString(2, c.getConversationId());
                conv.setString(3, c.getChatType().name());
                conv.setString(4, c.getUserA());
                conv.setString(5, c.getUserB());
                conv.setString(6, c.getGroupId());
                conv.setLong(7, c.getCreatedAt());
                conv.addBatch();
                seq.setString(1, c.getAppKey());
                seq.setString(2, c.getConversationId());
                seq.setLong(3, counts[i]);
                seq.addBatch();
            }
            conv.executeBatch();
            seq.executeBatch();
        }
    }

    /**
     * Numbers a revoke in a conversation: advances its revoke count (the row lock orders concurrent
     * revokes on every node) and answers the new count.
     */
    public static long nextRevokeNo(EntityManager em, String appKey, String conversationId) {
        Connection connection = TxConnection.of(em);
        if (connection == null) {
            em.createQuery("UPDATE Conversation c SET c.revokeCount = c.revokeCount + 1 "
                    + "WHERE c.appKey = :a AND c.conversationId = :c")
                    .setParameter("a", appKey).setParameter("c", conversationId).executeUpdate();
            return em.createQuery("SELECT c.revokeCount FROM Conversation c WHERE c.appKey = :a "
                    + "AND c.conversationId = :c", Long.class)
                    .setParameter("a", appKey).setParameter("c", conversationId).getSingleResult();
        }
        try (PreparedStatement ps = connection.prepareStatement(returning(connection, NEXT_REVOKE, "revoke_count"))) {
            ps.setString(1, appKey);
            ps.setString(2, conversationId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new PersistenceException("conversation " + conversationId + " not found");
                }
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not number the revoke", e);
        }
    }

    private static long create(EntityManager em, Conversation template, int count) {
        template.advance(count);
        em.persist(template);
        em.flush();
        return 1;
    }
}
