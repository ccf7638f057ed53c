package com.xuqinmin.im.sdk;

import static com.xuqinmin.im.sdk.Paths.seg;

import com.xuqinmin.im.sdk.Transport.Retry;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * Groups ({@code /api/im/admin/groups}). The back-end needs no role in a group: it may do what the
 * owner may, within the group's rules (one owner, changed only by transfer). Thread-safe.
 */
public final class Groups {

    private static final String BASE = "/api/im/admin/groups";
    private static final int MAX_PAGE = 100;

    private final Transport t;

    Groups(Transport t) {
        this.t = t;
    }

    /** Creates a group; {@code DUPLICATE} when its groupId is taken. Not retried once sent. */
    public Group create(NewGroup group) {
        return Group.of(t.signed("POST", BASE, group.json(), Retry.ONLY_IF_NOT_SENT));
    }

    /** The group; {@code GROUP_NOT_FOUND} also for a dismissed one. */
    public Group get(String groupId) {
        return Group.of(t.signed("GET", BASE + "/" + seg(groupId), null, Retry.SAFE));
    }

    /** Renames the group (1 to 128 characters); answers it. */
    public Group rename(String groupId, String name) {
        return Group.of(t.signed("PUT", BASE + "/" + seg(groupId), Collections.singletonMap("name", name), Retry.SAFE));
    }

    /** Dismisses the group: memberships and subscriptions end, its history stays readable. */
    public void dismiss(String groupId) {
        t.signed("POST", BASE + "/" + seg(groupId) + "/dismiss", null, Retry.ONLY_IF_NOT_SENT);
    }

    /** Makes a member the owner; the former owner stays a plain member. Answers the group. */
    public Group transfer(String groupId, String newOwnerId) {
        return Group.of(t.signed("POST", BASE + "/" + seg(groupId) + "/transfer",
                Collections.singletonMap("newOwnerId", newOwnerId), Retry.SAFE));
    }

    /** Adds members (active users); answers those that were not members before. */
    public List<String> addMembers(String groupId, Collection<String> userIds) {
        Json.Obj data = t.signed("POST", BASE + "/" + seg(groupId) + "/members",
                Collections.singletonMap("userIds", userIds), Retry.ONLY_IF_NOT_SENT);
        return Collections.unmodifiableList(data.strs("added"));
    }

    public List<String> addMembers(String groupId, String... userIds) {
        return addMembers(groupId, Arrays.asList(userIds));
    }

    /** Removes a member; the owner cannot be removed ({@code CONFLICT}). */
    public void removeMember(String groupId, String userId) {
        t.signed("DELETE", BASE + "/" + seg(groupId) + "/members/" + seg(userId), null, Retry.ONLY_IF_NOT_SENT);
    }

    /** One page of members (page from 0, size 1 to 100): owner, then admins, then members. */
    public MemberPage members(String groupId, int page, int size) {
        return MemberPage.of(t.signed("GET", BASE + "/" + seg(groupId) + "/members?page=" + page + "&size=" + size,
                null, Retry.SAFE));
    }

    /** Every member, fetched a page at a time as it is iterated. */
    public Iterable<GroupMember> allMembers(String groupId) {
        return () -> new Paged<>(new Supplier<List<GroupMember>>() {
            private int next;
            private boolean more = true;

            @Override
            public List<GroupMember> get() {
                if (!more) {
                    return null;
                }
                MemberPage p = members(groupId, next++, MAX_PAGE);
                more = !p.items().isEmpty() && (long) next * MAX_PAGE < p.total();
                return p.items();
            }
        });
    }

    /** Makes a member an admin or a plain member again; answers the member. */
    public GroupMember setRole(String groupId, String userId, GroupRole role) {
        if (role == GroupRole.OWNER) {
            throw new IllegalArgumentException("the owner changes only by transfer");
        }
        return GroupMember.of(t.signed("PUT", BASE + "/" + seg(groupId) + "/members/" + seg(userId) + "/role",
                Collections.singletonMap("role", role), Retry.SAFE));
    }

    /** Mutes a member in the group for {@code duration} (whole seconds) from now; answers the member. */
    public GroupMember muteMember(String groupId, String userId, Duration duration) {
        return GroupMember.of(t.signed("POST", BASE + "/" + seg(groupId) + "/members/" + seg(userId) + "/mute",
                Collections.singletonMap("seconds", duration.getSeconds()), Retry.SAFE));
    }

    /** Mutes a member in the group until {@code until}; answers the member. */
    public GroupMember muteMemberUntil(String groupId, String userId, Instant until) {
        return GroupMember.of(t.signed("POST", BASE + "/" + seg(groupId) + "/members/" + seg(userId) + "/mute",
                Collections.singletonMap("mutedUntil", until.toEpochMilli()), Retry.SAFE));
    }

    public GroupMember unmuteMember(String groupId, String userId) {
        return muteMember(groupId, userId, Duration.ZERO);
    }

    /** Mutes or unmutes the whole group (then only the owner and admins may send); answers the group. */
    public Group muteAll(String groupId, boolean mutedAll) {
        return Group.of(t.signed("POST", BASE + "/" + seg(groupId) + "/mute",
                Collections.singletonMap("mutedAll", mutedAll), Retry.SAFE));
    }

    /**
     * Switches the group's read receipts on or off, whatever its size (by default they are on for a
     * group of up to 500 members); answers the group.
     */
    public Group setReadReceipts(String groupId, boolean on) {
        return Group.of(t.signed("PUT", BASE + "/" + seg(groupId) + "/read-receipts",
                Collections.singletonMap("readReceipts", on), Retry.SAFE));
    }

    /**
     * One page (page from 0, size 1 to 100) of who read message {@code seq} of the group
     * ({@code read} true) or did not (false); {@code READ_RECEIPTS_OFF} when the group has them off.
     */
    public MessageReads reads(String groupId, long seq, boolean read, int page, int size) {
        return MessageReads.of(t.signed("GET", BASE + "/" + seg(groupId) + "/messages/" + seq + "/reads?status="
                + (read ? "read" : "unread") + "&page=" + page + "&size=" + size, null, Retry.SAFE));
    }
}
