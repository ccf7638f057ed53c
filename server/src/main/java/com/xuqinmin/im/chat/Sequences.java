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
     * {@link #allocate} for the conversations of one group commit on plain JDBC: the UPDATEs as one
     * batch, then a primary-key read of each new value on one prepared statement (through JPQL, the
     * two statements per conversation were the lanes' busiest code: for a 500-message batch, and at
     * 1,000 messages/s, where most batches hold one message, 13 % of the server's CPU). Rows are
     * locked in the order given, so callers pass the conversations sorted. Answers the first seq of
     * each.
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
            int[] updated;
            try (PreparedStatement ps = connection.prepareStatement("UPDATE " + Conversation.SEQ_TABLE
                    + " SET last_seq = last_seq + ? WHERE app_key = ? AND conversation_id = ?")) {
                for (int i = 0; i < templates.size(); i++) {
                    ps.setLong(1, counts[i]);
                    ps.setString(2, templates.get(i).getAppKey());
                    ps.setString(3, templates.get(i).getConversationId());
                    ps.addBatch();
                }
                updated = ps.executeBatch();
            }
            List<Integer> existing = new ArrayList<>(templates.size());
            for (int i = 0; i < templates.size(); i++) {
                if (updated.length == templates.size() && updated[i] == 0) {
                    first[i] = create(em, templates.get(i), counts[i]);
                } else {
                    existing.add(i);
                }
            }
            readFirst(connection, existing, templates, counts, first);
            return first;
        } catch (SQLException e) {
            throw new PersistenceException("could not allocate seqs", e);
        }
    }

    private static void readFirst(Connection connection, List<Integer> indexes, List<Conversation> templates,
            int[] counts, long[] first) throws SQLException {
        // one primary-key read per conversation on one prepared statement: an IN list over the second
        // column of the key is filtered row by row by H2 (measured: a third of the server's CPU)
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT last_seq FROM " + Conversation.SEQ_TABLE + " WHERE app_key = ? AND conversation_id = ?")) {
            for (int i : indexes) {
                ps.setString(1, templates.get(i).getAppKey());
                ps.setString(2, templates.get(i).getConversationId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new PersistenceException("conversation " + templates.get(i).getConversationId()
                                + " vanished while its seqs were allocated");
                    }
                    first[i] = rs.getLong(1) - counts[i] + 1;
                }
            }
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
        try {
            try (PreparedStatement ps = connection.prepareStatement("UPDATE " + Conversation.SEQ_TABLE
                    + " SET revoke_count = revoke_count + 1 WHERE app_key = ? AND conversation_id = ?")) {
                ps.setString(1, appKey);
                ps.setString(2, conversationId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = connection.prepareStatement("SELECT revoke_count FROM "
                    + Conversation.SEQ_TABLE + " WHERE app_key = ? AND conversation_id = ?")) {
                ps.setString(1, appKey);
                ps.setString(2, conversationId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new PersistenceException("conversation " + conversationId + " not found");
                    }
                    return rs.getLong(1);
                }
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
