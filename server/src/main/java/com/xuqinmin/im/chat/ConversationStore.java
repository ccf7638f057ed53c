package com.xuqinmin.im.chat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;

/** The {@link ConversationRepository} on the {@link Conversation} and group member rows (JPA). */
@ApplicationScoped
public class ConversationStore implements ConversationRepository {

    /** A user's single chats with a message; completed by a side of {@link Conversation#EITHER_USER}. */
    static final String SINGLES = "SELECT c FROM Conversation c WHERE c.lastSeq > 0 AND c.appKey = :a AND ";

    /** The groups a user is a member of with a message since it joined, and where it joined. */
    static final String GROUPS_SINCE_JOINED = "SELECT c.conversationId, c.lastSeq, m.joinedSeq, c.revokeCount "
            + "FROM Conversation c, GroupMember m WHERE m.appKey = :a AND m.userId = :u AND c.appKey = m.appKey "
            + "AND c.groupId = m.groupId AND c.lastSeq > m.joinedSeq";

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Override
    @Transactional
    public List<UserConversation> ofUser(String appKey, String userId) {
        List<UserConversation> out = new ArrayList<>();
        for (String side : Conversation.EITHER_USER) {
            for (Conversation c : em.createQuery(SINGLES + side, Conversation.class)
                    .setParameter("a", appKey).setParameter("u", userId).getResultList()) {
                out.add(new UserConversation(c.getConversationId(), c.getLastSeq(), 0, c.getRevokeCount()));
            }
        }
        for (Object[] row : em.createQuery(GROUPS_SINCE_JOINED, Object[].class)
                .setParameter("a", appKey).setParameter("u", userId).getResultList()) {
            out.add(new UserConversation((String) row[0], ((Number) row[1]).longValue(), ((Number) row[2]).longValue(),
                    ((Number) row[3]).longValue()));
        }
        // a conversation the user deleted for itself starts after what it cleared
        List<Object[]> cleared = em.createQuery("SELECT s.conversationId, s.clearedSeq FROM ConversationSetting s "
                + "WHERE s.appKey = :a AND s.userId = :u AND s.clearedSeq > 0", Object[].class)
                .setParameter("a", appKey).setParameter("u", userId).getResultList();
        if (!cleared.isEmpty()) {
            java.util.Map<String, Long> floor = new java.util.HashMap<>();
            for (Object[] r : cleared) {
                floor.put((String) r[0], ((Number) r[1]).longValue());
            }
            out.replaceAll(c -> {
                Long f = floor.get(c.conversationId());
                return f == null || f <= c.joinedSeq() ? c
                        : new UserConversation(c.conversationId(), c.lastSeq(), f, c.revokeCount());
            });
            out.removeIf(c -> c.lastSeq() <= c.joinedSeq());
        }
        return out;
    }

    @Override
    @Transactional
    public long lastSeq(String appKey, String conversationId) {
        Conversation c = em.find(Conversation.class, new Conversation.Key(appKey, conversationId));
        return c == null ? 0 : c.getLastSeq();
    }
}
