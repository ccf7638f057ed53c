package com.xuqinmin.im.group;

import com.xuqinmin.im.account.Ids;
import com.xuqinmin.im.account.ImUser;
import com.xuqinmin.im.chat.Conversation;
import com.xuqinmin.im.chat.ConversationId;
import com.xuqinmin.im.delivery.Delivery;
import com.xuqinmin.im.delivery.DeliveryBus;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.AfterCommit;
import com.xuqinmin.im.platform.Tx;
import com.xuqinmin.im.platform.Ulids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Groups and their members: creation, membership changes, and the membership checks of the chat. */
@ApplicationScoped
public class GroupService {

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    DeliveryBus bus;

    @Inject
    AfterCommit afterCommit;

    @Inject
    Tx tx;

    /** A group as the API shows it. */
    public record GroupView(String groupId, String name, String ownerId, long memberCount, long createdAt) {
    }

    /** What a send needs to know about the sender in a group. */
    public record MemberState(ChatGroup group, GroupMember member) {
    }

    /** Creates a group with its members; one created at the same moment by another request is a DUPLICATE. */
    public GroupView create(String appKey, String groupId, String name, String ownerId, List<String> memberIds) {
        return tx.callRetryingOnce(() -> createOnce(appKey, groupId, name, ownerId, memberIds));
    }

    private GroupView createOnce(String appKey, String groupId, String name, String ownerId, List<String> memberIds) {
        String gid = groupId == null ? "g" + Ulids.next().toLowerCase() : Ids.require("groupId", groupId);
        Ids.require("ownerId", ownerId);
        name = Ids.text("name", name, 128, true);
        Set<String> members = new LinkedHashSet<>();
        members.add(ownerId);
        if (memberIds != null) {
            for (int i = 0; i < memberIds.size(); i++) {
                members.add(Ids.require("memberIds[" + i + "]", memberIds.get(i)));
            }
        }
        requireUsers(appKey, members);
        if (em.find(ChatGroup.class, new ChatGroup.Key(appKey, gid)) != null) {
            throw new ImException(ErrorCode.DUPLICATE, "group " + gid + " already exists");
        }
        long now = System.currentTimeMillis();
        ChatGroup g = new ChatGroup(appKey, gid, name, ownerId, now);
        em.persist(g);
        if (em.find(Conversation.class, new Conversation.Key(appKey, ConversationId.group(gid))) == null) {
            em.persist(Conversation.group(appKey, gid, now));
        }
        for (String m : members) {
            em.persist(new GroupMember(appKey, gid, m, m.equals(ownerId) ? GroupMember.Role.OWNER
                    : GroupMember.Role.MEMBER, now, 0));
        }
        em.flush();
        return new GroupView(gid, name, ownerId, members.size(), now);
    }

    /** Adds members; answers the ids that were not members before (nor added at the same moment by another request). */
    public List<String> addMembers(String appKey, String groupId, List<String> userIds) {
        return tx.callRetryingOnce(() -> addMembersOnce(appKey, groupId, userIds));
    }

    private List<String> addMembersOnce(String appKey, String groupId, List<String> userIds) {
        ChatGroup g = requireActive(appKey, groupId);
        if (userIds == null || userIds.isEmpty()) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "userIds must not be empty");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < userIds.size(); i++) {
            ids.add(Ids.require("userIds[" + i + "]", userIds.get(i)));
        }
        requireUsers(appKey, ids);
        long lastSeq = lastSeq(appKey, g.getGroupId());
        long now = System.currentTimeMillis();
        List<String> added = new ArrayList<>();
        for (String u : ids) {
            if (em.find(GroupMember.class, new GroupMember.Key(appKey, groupId, u)) == null) {
                em.persist(new GroupMember(appKey, groupId, u, GroupMember.Role.MEMBER, now, lastSeq));
                added.add(u);
            }
        }
        em.flush();
        return added;
    }

    /** Removes a member; after commit its subscriptions to the group topic end on every node. */
    @Transactional
    public void removeMember(String appKey, String groupId, String userId) {
        ChatGroup g = requireActive(appKey, groupId);
        GroupMember m = em.find(GroupMember.class, new GroupMember.Key(appKey, groupId, userId));
        if (m == null) {
            throw new ImException(ErrorCode.NOT_FOUND, userId + " is not a member of group " + groupId);
        }
        if (userId.equals(g.getOwnerId())) {
            throw new ImException(ErrorCode.CONFLICT, "the owner cannot be removed; transfer the group first");
        }
        em.remove(m);
        afterCommit.run(() -> bus.publish(new Delivery.LeftGroup(appKey, groupId, userId)));
    }

    /** The sender's membership of an active group, or the error a send must answer with. */
    @Transactional
    public MemberState requireMember(String appKey, String groupId, String userId) {
        ChatGroup g = em.find(ChatGroup.class, new ChatGroup.Key(appKey, groupId));
        if (g == null || !g.isActive()) {
            throw new ImException(ErrorCode.GROUP_NOT_FOUND, "group " + groupId + " not found");
        }
        GroupMember m = em.find(GroupMember.class, new GroupMember.Key(appKey, groupId, userId));
        if (m == null) {
            throw new ImException(ErrorCode.NOT_GROUP_MEMBER, "not a member of group " + groupId);
        }
        return new MemberState(g, m);
    }

    @Transactional
    public Optional<GroupMember> member(String appKey, String groupId, String userId) {
        return Optional.ofNullable(em.find(GroupMember.class, new GroupMember.Key(appKey, groupId, userId)));
    }

    /** The active groups a user belongs to. */
    @Transactional
    public List<GroupView> groupsOf(String appKey, String userId) {
        List<ChatGroup> gs = em.createQuery("SELECT g FROM ChatGroup g, GroupMember m WHERE m.appKey = :a "
                        + "AND m.userId = :u AND g.appKey = m.appKey AND g.groupId = m.groupId "
                        + "AND g.status = com.xuqinmin.im.group.ChatGroup.Status.ACTIVE ORDER BY g.groupId", ChatGroup.class)
                .setParameter("a", appKey).setParameter("u", userId).setMaxResults(1000).getResultList();
        List<GroupView> out = new ArrayList<>(gs.size());
        for (ChatGroup g : gs) {
            out.add(view(g));
        }
        return out;
    }

    GroupView view(ChatGroup g) {
        long n = em.createQuery("SELECT COUNT(m) FROM GroupMember m WHERE m.appKey = :a AND m.groupId = :g", Long.class)
                .setParameter("a", g.getAppKey()).setParameter("g", g.getGroupId()).getSingleResult();
        return new GroupView(g.getGroupId(), g.getName(), g.getOwnerId(), n, g.getCreatedAt());
    }

    private ChatGroup requireActive(String appKey, String groupId) {
        ChatGroup g = em.find(ChatGroup.class, new ChatGroup.Key(appKey, groupId));
        if (g == null || !g.isActive()) {
            throw new ImException(ErrorCode.GROUP_NOT_FOUND, "group " + groupId + " not found");
        }
        return g;
    }

    private long lastSeq(String appKey, String groupId) {
        List<Long> r = em.createQuery("SELECT c.lastSeq FROM Conversation c WHERE c.appKey = :a AND c.conversationId = :c",
                Long.class).setParameter("a", appKey).setParameter("c", ConversationId.group(groupId)).getResultList();
        return r.isEmpty() ? 0 : r.get(0);
    }

    private void requireUsers(String appKey, Set<String> ids) {
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            ImUser u = em.find(ImUser.class, new ImUser.Key(appKey, id));
            if (u == null || !u.isActive()) {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            throw new ImException(ErrorCode.USER_NOT_FOUND, "users not found: " + String.join(", ", missing));
        }
    }
}
