package com.xuqinmin.im.chat;

import com.xuqinmin.im.group.GroupConversations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/** The {@link GroupConversations} of the group service, on the chat's {@link Conversation} rows. */
@ApplicationScoped
public class GroupConversationStore implements GroupConversations {

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void open(String appKey, String groupId, long createdAt) {
        if (em.find(Conversation.class, new Conversation.Key(appKey, ConversationId.group(groupId))) == null) {
            em.persist(Conversation.group(appKey, groupId, createdAt));
        }
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public long lastSeq(String appKey, String groupId) {
        List<Long> r = em.createQuery("SELECT c.lastSeq FROM Conversation c WHERE c.appKey = :a AND c.conversationId = :c",
                Long.class).setParameter("a", appKey).setParameter("c", ConversationId.group(groupId)).getResultList();
        return r.isEmpty() ? 0 : r.get(0);
    }
}
