package com.xuqinmin.im.chat;

import jakarta.persistence.EntityManager;

/**
 * Allocates gap-free seqs in a conversation inside the caller's transaction. The UPDATE that
 * advances {@code last_seq} locks the conversation's row until commit, so concurrent senders on any
 * node get consecutive, distinct ranges; a rolled-back transaction gives its range back.
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
            template.advance(count);
            em.persist(template);
            em.flush();
            return 1;
        }
        long last = em.createQuery("SELECT c.lastSeq FROM Conversation c WHERE c.appKey = :a AND c.conversationId = :c",
                        Long.class)
                .setParameter("a", template.getAppKey())
                .setParameter("c", template.getConversationId())
                .getSingleResult();
        return last - count + 1;
    }
}
