package com.xuqinmin.im.group;

import com.xuqinmin.im.account.Ids;
import com.xuqinmin.im.account.ImUser;
import com.xuqinmin.im.delivery.GroupDismissed;
import com.xuqinmin.im.delivery.MemberLeft;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.notice.NoticeService;
import com.xuqinmin.im.platform.Json;
import com.xuqinmin.im.platform.Tx;
import com.xuqinmin.im.platform.Ulids;
import com.xuqinmin.im.webhook.HookEvent;
import com.xuqinmin.im.webhook.Moderation;
import com.xuqinmin.im.webhook.Outbox;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Groups and their members: creation, membership and role changes, mutes, dismissal (the chat reads
 * memberships through {@link Memberships}). Each change says who makes it ({@link Actor}): a member
 * through the IM client API, where the group's roles decide what is allowed ({@link GroupRules}), or
 * the app's back-end through the server API, which may do anything. This class reads and writes the
 * rows; the decisions are the rules'. Subscriptions end after the commit ({@link MemberLeft},
 * {@link GroupDismissed} events).
 */
@ApplicationScoped
public class GroupService {

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    GroupConversations conversations;

    @Inject
    Event<MemberLeft> memberLeft;

    @Inject
    Event<GroupDismissed> dismissed;

    @Inject
    Tx tx;

    @Inject
    Clock clock;

    @Inject
    Outbox outbox;

    @Inject
    Moderation moderation;

    @Inject
    NoticeService notices;

    /** The notices of groups (PROTOCOL.md, {@code /user/queue/notices}), each to every member. */
    static final String MEMBERS_JOINED = "GROUP_MEMBERS_JOINED";
    static final String MEMBER_LEFT = "GROUP_MEMBER_LEFT";
    static final String MEMBER_REMOVED = "GROUP_MEMBER_REMOVED";
    static final String ROLE_CHANGED = "GROUP_ROLE_CHANGED";
    static final String MEMBER_MUTED = "GROUP_MEMBER_MUTED";
    static final String MUTED_ALL = "GROUP_MUTED_ALL";
    static final String RENAMED = "GROUP_RENAMED";
    static final String DISMISSED = "GROUP_DISMISSED";
    static final String OWNER_TRANSFERRED = "GROUP_OWNER_TRANSFERRED";
    static final String READ_RECEIPTS = "GROUP_READ_RECEIPTS";

    private GroupRules rules;

    @PostConstruct
    void start() {
        rules = new GroupRules(clock);
    }

    /** A group as the API shows it. */
    public record GroupView(String groupId, String name, String ownerId, long memberCount, long createdAt,
            boolean mutedAll, boolean readReceipts) {
    }

    /** Up to this many members a group has read receipts unless switched off; above, only when switched on. */
    public static final int READ_RECEIPTS_DEFAULT_MAX = 500;

    /** A member as the API shows it; {@code mutedUntil} only while the mute lasts. */
    public record MemberView(String userId, String role, long joinedAt, Long mutedUntil) {
        static MemberView of(GroupMember m, boolean muted) {
            return new MemberView(m.getUserId(), m.getRole().name(), m.getJoinedAt(), muted ? m.getMutedUntil() : null);
        }
    }

    /** A page of members: owner first, then admins, then members, each by the time they joined. */
    public record MemberPage(List<MemberView> items, long total, int page, int size) {
    }

    /**
     * Who makes a change: a member of the group ({@link #member}), bound by its role, or the app's
     * back-end ({@link #BACKEND}), bound by nothing but the group's invariants (one owner, who
     * cannot leave without transferring the group).
     */
    public record Actor(String userId) {
        public static final Actor BACKEND = new Actor(null);

        public static Actor member(String userId) {
            return new Actor(java.util.Objects.requireNonNull(userId));
        }

        boolean isBackend() {
            return userId == null;
        }
    }

    /** Creates a group with its members; one created at the same moment by another request is a DUPLICATE. */
    public GroupView create(String appKey, String groupId, String name, String ownerId, List<String> memberIds) {
        return tx.callRetryingOnce(() -> createOnce(appKey, groupId, name, ownerId, memberIds));
    }

    /**
     * A user creates a group with members: the app's back-end is asked first ({@code beforeJoinGroup},
     * when enabled) whether they may join it.
     */
    public GroupView createByUser(String appKey, String groupId, String name, String ownerId, List<String> memberIds) {
        String gid = groupId == null ? "g" + Ulids.next().toLowerCase() : Ids.require("groupId", groupId);
        if (memberIds != null && !memberIds.isEmpty()) {
            beforeJoin(appKey, gid, memberIds, Actor.member(ownerId));
        }
        return create(appKey, gid, name, ownerId, memberIds);
    }

    /** {@code beforeJoinGroup}: off any transaction, before the members are added by a user. */
    private void beforeJoin(String appKey, String groupId, List<String> userIds, Actor by) {
        if (by.userId() == null || userIds == null || userIds.isEmpty()) {
            return; // the app's own back-end (server API) needs no asking
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < userIds.size(); i++) {
            ids.add(Ids.require("userIds[" + i + "]", userIds.get(i)));
        }
        ids.remove(by.userId());
        if (ids.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder(128).append('{');
        Json.field(sb, "groupId", groupId);
        Json.field(sb, "by", by.userId());
        moderation.check(appKey, HookEvent.BEFORE_JOIN_GROUP, ids(sb, "userIds", ids));
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
        long now = clock.millis();
        ChatGroup g = new ChatGroup(appKey, gid, name, ownerId, now);
        em.persist(g);
        conversations.open(appKey, gid, now);
        for (String m : members) {
            em.persist(new GroupMember(appKey, gid, m, m.equals(ownerId) ? GroupMember.Role.OWNER
                    : GroupMember.Role.MEMBER, now, 0));
        }
        em.flush();
        tellMembers(appKey, gid, List.of(), MEMBERS_JOINED, event(gid, null).add("userIds", array(members))
                .add("name", name).add("ownerId", ownerId));
        if (outbox.wants(appKey, HookEvent.AFTER_GROUP_CREATED)) {
            StringBuilder sb = new StringBuilder(128).append('{');
            Json.field(sb, "groupId", gid);
            Json.field(sb, "name", name);
            Json.field(sb, "ownerId", ownerId);
            hook(appKey, HookEvent.AFTER_GROUP_CREATED, gid, ids(sb, "memberIds", members));
        }
        em.flush();
        return new GroupView(gid, name, ownerId, members.size(), now, false,
                members.size() <= READ_RECEIPTS_DEFAULT_MAX);
    }

    /**
     * Adds members (a member actor must be the owner or an admin); answers the ids that were not
     * members before (nor added at the same moment by another request).
     */
    public List<String> addMembers(String appKey, String groupId, List<String> userIds, Actor by) {
        if (by.userId() != null && moderation.wants(appKey, HookEvent.BEFORE_JOIN_GROUP)) {
            // who may add members is checked first: the back-end is asked only about a request that could go on
            tx.call(() -> requireModerator(requireActive(appKey, groupId), by, "add members"));
            beforeJoin(appKey, groupId, userIds, by);
        }
        return tx.callRetryingOnce(() -> addMembersOnce(appKey, groupId, userIds, by));
    }

    private List<String> addMembersOnce(String appKey, String groupId, List<String> userIds, Actor by) {
        ChatGroup g = requireActive(appKey, groupId);
        requireModerator(g, by, "add members");
        if (userIds == null || userIds.isEmpty()) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "userIds must not be empty");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < userIds.size(); i++) {
            ids.add(Ids.require("userIds[" + i + "]", userIds.get(i)));
        }
        requireUsers(appKey, ids);
        long lastSeq = conversations.lastSeq(appKey, g.getGroupId());
        long now = clock.millis();
        List<String> added = new ArrayList<>();
        for (String u : ids) {
            if (em.find(GroupMember.class, new GroupMember.Key(appKey, groupId, u)) == null) {
                em.persist(new GroupMember(appKey, groupId, u, GroupMember.Role.MEMBER, now, lastSeq));
                added.add(u);
            }
        }
        if (!added.isEmpty()) {
            em.flush();
            tellMembers(appKey, groupId, List.of(), MEMBERS_JOINED, event(groupId, by).add("userIds", array(added)));
        }
        if (!added.isEmpty() && outbox.wants(appKey, HookEvent.AFTER_GROUP_MEMBERS_ADDED)) {
            StringBuilder sb = new StringBuilder(128).append('{');
            Json.field(sb, "groupId", groupId);
            Json.field(sb, "by", by.userId());
            hook(appKey, HookEvent.AFTER_GROUP_MEMBERS_ADDED, groupId, ids(sb, "userIds", added));
        }
        em.flush();
        return added;
    }

    /**
     * Removes a member; after commit its subscriptions to the group topic end on every node. The
     * owner cannot be removed; an admin may remove plain members only.
     */
    @Transactional
    public void removeMember(String appKey, String groupId, String userId, Actor by) {
        ChatGroup g = requireActive(appKey, groupId);
        GroupMember actor = requireModerator(g, by, "remove members");
        GroupMember m = requireMemberRow(g, userId);
        rules.requireRemovable(actor, m);
        leave(m, MEMBER_REMOVED, by, true);
    }

    /** The caller leaves the group; the owner must transfer it first. */
    @Transactional
    public void quit(String appKey, String groupId, String userId) {
        ChatGroup g = requireActive(appKey, groupId);
        GroupMember m = em.find(GroupMember.class, new GroupMember.Key(appKey, groupId, userId));
        if (m == null) {
            throw new ImException(ErrorCode.NOT_GROUP_MEMBER, "not a member of group " + groupId);
        }
        rules.requireMayQuit(m);
        leave(m, MEMBER_LEFT, null, true);
    }

    /**
     * Takes a user out of every group it is a plain member or admin of (a hard delete); after the
     * commit its subscriptions to those groups end. A group keeps its owner, so the groups the user
     * owns keep it as their owner: they are answered, for the app to transfer.
     */
    @Transactional
    public List<String> leaveAll(String appKey, String userId) {
        List<String> owned = new ArrayList<>();
        for (GroupMember m : em.createQuery("SELECT m FROM GroupMember m WHERE m.appKey = :a AND m.userId = :u "
                        + "ORDER BY m.groupId", GroupMember.class)
                .setParameter("a", appKey).setParameter("u", userId).getResultList()) {
            if (m.getRole() == GroupMember.Role.OWNER) {
                owned.add(m.getGroupId());
            } else {
                leave(m, MEMBER_LEFT, null, false); // a hard delete: the user is not told
            }
        }
        return owned;
    }

    /**
     * Ends a membership; the remaining members are told ({@code type}: left or removed), and, with
     * {@code tellLeaver}, the member who left too (its other devices, or the member removed).
     */
    private void leave(GroupMember m, String type, Actor by, boolean tellLeaver) {
        em.remove(m);
        String appKey = m.getAppKey();
        String groupId = m.getGroupId();
        String userId = m.getUserId();
        em.flush();
        tellMembers(appKey, groupId, tellLeaver ? List.of(userId) : List.of(), type,
                event(groupId, by).add("userId", userId));
        memberLeft.fire(new MemberLeft(appKey, groupId, userId)); // its observers act after the commit
        if (outbox.wants(appKey, HookEvent.AFTER_GROUP_MEMBER_LEFT)) {
            StringBuilder sb = new StringBuilder(96).append('{');
            Json.field(sb, "groupId", groupId);
            Json.field(sb, "userId", userId);
            hook(appKey, HookEvent.AFTER_GROUP_MEMBER_LEFT, groupId, sb.substring(1));
        }
    }

    /**
     * A group's webhook event, in the transaction of the change: ordered with the group's messages
     * ({@code g:{groupId}} is the group conversation's id).
     */
    private void hook(String appKey, HookEvent e, String groupId, String fields) {
        outbox.add(appKey, e, "g:" + groupId, fields);
    }

    /** The fields so far (after the opening brace) and {@code "name":[ids]}. */
    private static String ids(StringBuilder sb, String name, java.util.Collection<String> ids) {
        if (sb.length() > 1) {
            sb.append(',');
        }
        Json.quote(sb, name).append(":[");
        boolean first = true;
        for (String id : ids) {
            if (!first) {
                sb.append(',');
            }
            Json.quote(sb, id);
            first = false;
        }
        return sb.append(']').substring(1);
    }

    /**
     * Dismisses the group (a member actor must be the owner): it stops being active, every
     * membership ends, and after the commit every subscription to its topic ends. Its history stays
     * readable through the server API.
     */
    @Transactional
    public void dismiss(String appKey, String groupId, Actor by) {
        ChatGroup g = requireActive(appKey, groupId);
        requireOwner(g, by, "dismiss the group");
        // told before the memberships go: they are who hears it
        tellMembers(appKey, groupId, List.of(), DISMISSED, event(groupId, by));
        g.setStatus(ChatGroup.Status.DISMISSED);
        em.createQuery("DELETE FROM GroupMember m WHERE m.appKey = :a AND m.groupId = :g")
                .setParameter("a", appKey).setParameter("g", groupId).executeUpdate();
        dismissed.fire(new GroupDismissed(appKey, groupId)); // its observers act after the commit
        if (outbox.wants(appKey, HookEvent.AFTER_GROUP_DISMISSED)) {
            StringBuilder sb = new StringBuilder(64).append('{');
            Json.field(sb, "groupId", groupId);
            Json.field(sb, "by", by.userId());
            hook(appKey, HookEvent.AFTER_GROUP_DISMISSED, groupId, sb.substring(1));
        }
    }

    /** Makes another member the owner (a member actor must be the owner); the old owner becomes a member. */
    @Transactional
    public GroupView transfer(String appKey, String groupId, String newOwnerId, Actor by) {
        ChatGroup g = requireActive(appKey, groupId);
        requireOwner(g, by, "transfer the group");
        Ids.require("newOwnerId", newOwnerId);
        GroupMember next = requireMemberRow(g, newOwnerId);
        GroupMember old = newOwnerId.equals(g.getOwnerId()) ? next
                : em.find(GroupMember.class, new GroupMember.Key(appKey, groupId, g.getOwnerId()));
        String oldOwnerId = g.getOwnerId();
        rules.transfer(g, old, next);
        if (!oldOwnerId.equals(newOwnerId)) {
            tellMembers(appKey, groupId, List.of(), OWNER_TRANSFERRED, event(groupId, by).add("fromId", oldOwnerId)
                    .add("toId", newOwnerId));
        }
        return view(g);
    }

    /**
     * Sets a member's role to ADMIN or MEMBER (a member actor must be the owner). The owner's role
     * changes only by {@link #transfer}.
     */
    @Transactional
    public MemberView setRole(String appKey, String groupId, String userId, GroupMember.Role role, Actor by) {
        ChatGroup g = requireActive(appKey, groupId);
        requireOwner(g, by, "change roles");
        rules.requireAssignable(role);
        GroupMember m = requireMemberRow(g, userId);
        rules.requireRoleChangeable(m);
        if (m.getRole() != role) {
            m.setRole(role);
            tellMembers(appKey, groupId, List.of(), ROLE_CHANGED, event(groupId, by).add("userId", userId)
                    .add("role", role.name()));
        }
        return MemberView.of(m, rules.mutedNow(m));
    }

    /** Renames the group. */
    @Transactional
    public GroupView rename(String appKey, String groupId, String name) {
        ChatGroup g = requireActive(appKey, groupId);
        String next = Ids.text("name", name, 128, true);
        if (!next.equals(g.getName())) {
            g.setName(next);
            tellMembers(appKey, groupId, List.of(), RENAMED, event(groupId, null).add("name", next));
        }
        return view(g);
    }

    /** Mutes one member until {@code until} (Unix ms; {@code null} unmutes). Owners and admins still speak. */
    @Transactional
    public MemberView muteMember(String appKey, String groupId, String userId, Long until) {
        ChatGroup g = requireActive(appKey, groupId);
        GroupMember m = requireMemberRow(g, userId);
        m.setMutedUntil(until);
        JsonObjectBuilder e = event(groupId, null).add("userId", userId);
        if (until == null) {
            e.addNull("mutedUntil");
        } else {
            e.add("mutedUntil", until);
        }
        tellMembers(appKey, groupId, List.of(), MEMBER_MUTED, e);
        return MemberView.of(m, rules.mutedNow(m));
    }

    /** Mutes or unmutes the whole group; owners and admins still speak. */
    @Transactional
    public GroupView muteAll(String appKey, String groupId, boolean mutedAll) {
        ChatGroup g = requireActive(appKey, groupId);
        if (g.isMutedAll() != mutedAll) {
            g.setMutedAll(mutedAll);
            tellMembers(appKey, groupId, List.of(), MUTED_ALL, event(groupId, null).add("mutedAll", mutedAll));
        }
        return view(g);
    }

    /**
     * Switches the group's read receipts on or off (API.md §4): the owner or an admin, or the
     * back-end; {@code null} goes back to the default by size. The members hear it as a
     * {@code GROUP_READ_RECEIPTS} notice.
     */
    @Transactional
    public GroupView setReadReceipts(String appKey, String groupId, Boolean on, Actor by) {
        ChatGroup g = requireActive(appKey, groupId);
        requireModerator(g, by, "switch read receipts");
        boolean was = receiptsOn(g, count(g));
        g.setReadReceipts(on);
        GroupView v = view(g);
        if (v.readReceipts() != was) {
            tellMembers(appKey, groupId, List.of(), READ_RECEIPTS, event(groupId, by).add("readReceipts", v.readReceipts()));
        }
        return v;
    }

    /** Whether an active group has read receipts now; GROUP_NOT_FOUND when it is not active. */
    @Transactional
    public boolean readReceipts(String appKey, String groupId) {
        ChatGroup g = requireActive(appKey, groupId);
        return receiptsOn(g, g.getReadReceipts() == null ? count(g) : 0);
    }

    private static boolean receiptsOn(ChatGroup g, long members) {
        return g.getReadReceipts() != null ? g.getReadReceipts() : members <= READ_RECEIPTS_DEFAULT_MAX;
    }

    /** An active group; for a member actor, only when it is a member. */
    @Transactional
    public GroupView get(String appKey, String groupId, Actor by) {
        ChatGroup g = requireActive(appKey, groupId);
        requireMemberActor(g, by);
        return view(g);
    }

    /** A page of an active group's members; for a member actor, only when it is a member. */
    @Transactional
    public MemberPage members(String appKey, String groupId, int page, int size, Actor by) {
        ChatGroup g = requireActive(appKey, groupId);
        requireMemberActor(g, by);
        List<GroupMember> rows = em.createQuery("SELECT m FROM GroupMember m WHERE m.appKey = :a AND m.groupId = :g "
                        + "ORDER BY CASE m.role WHEN com.xuqinmin.im.group.GroupMember.Role.OWNER THEN 0 "
                        + "WHEN com.xuqinmin.im.group.GroupMember.Role.ADMIN THEN 1 ELSE 2 END, m.joinedAt, m.userId",
                        GroupMember.class)
                .setParameter("a", appKey).setParameter("g", groupId)
                .setFirstResult(page * size).setMaxResults(size).getResultList();
        List<MemberView> items = new ArrayList<>(rows.size());
        for (GroupMember m : rows) {
            items.add(MemberView.of(m, rules.mutedNow(m)));
        }
        return new MemberPage(items, count(g), page, size);
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

    /**
     * A notice to every member of the group as it stands in this transaction, and to {@code others}
     * (one who just left), in userId order as {@link NoticeService#notify} asks. A group event costs
     * one notice row per member: the price of a member that was offline still hearing of it.
     */
    private void tellMembers(String appKey, String groupId, List<String> others, String type, JsonObjectBuilder data) {
        Set<String> to = new TreeSet<>(others);
        to.addAll(em.createQuery("SELECT m.userId FROM GroupMember m WHERE m.appKey = :a AND m.groupId = :g",
                String.class).setParameter("a", appKey).setParameter("g", groupId).getResultList());
        JsonObject body = data.build();
        for (String userId : to) {
            notices.notify(appKey, userId, type, body);
        }
    }

    /** A group notice's data: the group and, when a member made the change, who. */
    private static JsonObjectBuilder event(String groupId, Actor by) {
        JsonObjectBuilder b = jakarta.json.Json.createObjectBuilder().add("groupId", groupId);
        if (by != null && !by.isBackend()) {
            b.add("by", by.userId());
        }
        return b;
    }

    private static jakarta.json.JsonArrayBuilder array(java.util.Collection<String> ids) {
        jakarta.json.JsonArrayBuilder a = jakarta.json.Json.createArrayBuilder();
        ids.forEach(a::add);
        return a;
    }

    GroupView view(ChatGroup g) {
        long n = count(g);
        return new GroupView(g.getGroupId(), g.getName(), g.getOwnerId(), n, g.getCreatedAt(), g.isMutedAll(),
                receiptsOn(g, n));
    }

    /** A member actor's row, when it is a member; NOT_GROUP_MEMBER otherwise. {@code null} for the back-end. */
    private GroupMember requireMemberActor(ChatGroup g, Actor by) {
        if (by.isBackend()) {
            return null;
        }
        GroupMember m = em.find(GroupMember.class, new GroupMember.Key(g.getAppKey(), g.getGroupId(), by.userId()));
        if (m == null) {
            throw new ImException(ErrorCode.NOT_GROUP_MEMBER, "not a member of group " + g.getGroupId());
        }
        return m;
    }

    private GroupMember requireModerator(ChatGroup g, Actor by, String what) {
        GroupMember m = requireMemberActor(g, by);
        rules.requireModerator(m, what);
        return m;
    }

    private void requireOwner(ChatGroup g, Actor by, String what) {
        rules.requireOwner(requireMemberActor(g, by), what);
    }

    private GroupMember requireMemberRow(ChatGroup g, String userId) {
        Ids.require("userId", userId);
        GroupMember m = em.find(GroupMember.class, new GroupMember.Key(g.getAppKey(), g.getGroupId(), userId));
        if (m == null) {
            throw new ImException(ErrorCode.NOT_FOUND, userId + " is not a member of group " + g.getGroupId());
        }
        return m;
    }


    private long count(ChatGroup g) {
        return em.createQuery("SELECT COUNT(m) FROM GroupMember m WHERE m.appKey = :a AND m.groupId = :g", Long.class)
                .setParameter("a", g.getAppKey()).setParameter("g", g.getGroupId()).getSingleResult();
    }

    private ChatGroup requireActive(String appKey, String groupId) {
        Ids.require("groupId", groupId);
        ChatGroup g = em.find(ChatGroup.class, new ChatGroup.Key(appKey, groupId));
        if (g == null || !g.isActive()) {
            throw new ImException(ErrorCode.GROUP_NOT_FOUND, "group " + groupId + " not found");
        }
        return g;
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
