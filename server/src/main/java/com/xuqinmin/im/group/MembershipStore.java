package com.xuqinmin.im.group;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** The {@link Memberships} of the chat, on the {@link ChatGroup} and {@link GroupMember} rows (JPA). */
@ApplicationScoped
public class MembershipStore implements Memberships {

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Override
    @Transactional
    public Optional<Seat> seat(String appKey, String groupId, String userId) {
        ChatGroup g = em.find(ChatGroup.class, new ChatGroup.Key(appKey, groupId));
        if (g == null || !g.isActive()) {
            return Optional.empty();
        }
        return Optional.of(new Seat(g, Optional.ofNullable(
                em.find(GroupMember.class, new GroupMember.Key(appKey, groupId, userId)))));
    }

    @Override
    @Transactional
    public Optional<ChatGroup> activeGroup(String appKey, String groupId) {
        ChatGroup g = em.find(ChatGroup.class, new ChatGroup.Key(appKey, groupId));
        return g != null && g.isActive() ? Optional.of(g) : Optional.empty();
    }

    @Override
    @Transactional
    public Optional<GroupMember> member(String appKey, String groupId, String userId) {
        return Optional.ofNullable(em.find(GroupMember.class, new GroupMember.Key(appKey, groupId, userId)));
    }
}
