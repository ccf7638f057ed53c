package com.xuqinmin.im.chat;

import com.xuqinmin.im.group.ChatGroup;
import com.xuqinmin.im.group.GroupMember;
import com.xuqinmin.im.group.Memberships;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link Memberships} held in maps, for the chat's rule tests; one app. */
final class InMemoryGroups implements Memberships {

    final Map<String, ChatGroup> groups = new HashMap<>();
    final Map<String, GroupMember> members = new HashMap<>();

    ChatGroup group(String appKey, String groupId) {
        ChatGroup g = new ChatGroup(appKey, groupId, groupId, "owner", 0);
        groups.put(groupId, g);
        return g;
    }

    GroupMember join(String appKey, String groupId, String userId, GroupMember.Role role, long joinedSeq) {
        GroupMember m = new GroupMember(appKey, groupId, userId, role, 0, joinedSeq);
        members.put(groupId + "/" + userId, m);
        return m;
    }

    @Override
    public Optional<Seat> seat(String appKey, String groupId, String userId) {
        return activeGroup(appKey, groupId).map(g -> new Seat(g, member(appKey, groupId, userId)));
    }

    @Override
    public Optional<ChatGroup> activeGroup(String appKey, String groupId) {
        return Optional.ofNullable(groups.get(groupId)).filter(g -> g.getAppKey().equals(appKey) && g.isActive());
    }

    @Override
    public Optional<GroupMember> member(String appKey, String groupId, String userId) {
        return Optional.ofNullable(members.get(groupId + "/" + userId)).filter(m -> m.getAppKey().equals(appKey));
    }
}
