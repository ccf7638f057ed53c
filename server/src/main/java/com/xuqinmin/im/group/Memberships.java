package com.xuqinmin.im.group;

import java.util.Optional;

/**
 * The memberships the chat asks about when a message is sent, revoked or read, without knowing how
 * groups are stored; {@link MembershipStore} reads them from the group tables.
 */
public interface Memberships {

    /** A user's place in an active group: the group, and the user's membership when it has one. */
    record Seat(ChatGroup group, Optional<GroupMember> member) {
    }

    /**
     * The group with the user's membership of it, read together (one look-up per group message);
     * empty when there is no such group or it was dismissed.
     */
    Optional<Seat> seat(String appKey, String groupId, String userId);

    /** The group when it exists and is active (what a send from the system account needs). */
    Optional<ChatGroup> activeGroup(String appKey, String groupId);

    /** The user's membership of a group, whatever the group's state. */
    Optional<GroupMember> member(String appKey, String groupId, String userId);
}
