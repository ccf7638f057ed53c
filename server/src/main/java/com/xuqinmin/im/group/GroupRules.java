package com.xuqinmin.im.group;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import java.time.Clock;

/**
 * The rules of a group's roles and mutes: who may change what, how ownership moves, and who may speak.
 * Decided on rows already read ({@link GroupService} reads and writes them), with mutes judged
 * against the clock. An {@code actor} of {@code null} is the app's back-end, bound by nothing but the
 * group's invariants (one owner, who never leaves without transferring the group).
 */
public final class GroupRules {

    private final Clock clock;

    public GroupRules(Clock clock) {
        this.clock = clock;
    }

    /** Owners and admins add and remove members; FORBIDDEN for a plain member. */
    public void requireModerator(GroupMember actor, String what) {
        if (actor != null && !actor.canModerate()) {
            throw new ImException(ErrorCode.FORBIDDEN, "only the owner and admins may " + what);
        }
    }

    /** Only the owner dismisses, transfers and changes roles; FORBIDDEN for anyone else. */
    public void requireOwner(GroupMember actor, String what) {
        if (actor != null && actor.getRole() != GroupMember.Role.OWNER) {
            throw new ImException(ErrorCode.FORBIDDEN, "only the owner may " + what);
        }
    }

    /** The owner is never removed (not even by the back-end); an admin removes plain members only. */
    public void requireRemovable(GroupMember actor, GroupMember target) {
        if (target.getRole() == GroupMember.Role.OWNER) {
            throw new ImException(ErrorCode.CONFLICT, "the owner cannot be removed; transfer the group first");
        }
        if (actor != null && actor.getRole() == GroupMember.Role.ADMIN && target.getRole() != GroupMember.Role.MEMBER) {
            throw new ImException(ErrorCode.FORBIDDEN, "an admin may remove plain members only");
        }
    }

    /** Anyone but the owner may leave; the owner transfers the group first. */
    public void requireMayQuit(GroupMember member) {
        if (member.getRole() == GroupMember.Role.OWNER) {
            throw new ImException(ErrorCode.CONFLICT, "the owner cannot quit; transfer the group first");
        }
    }

    /** A role can be set to ADMIN or MEMBER; OWNER comes only with {@link #transfer}. */
    public void requireAssignable(GroupMember.Role role) {
        if (role == null || role == GroupMember.Role.OWNER) {
            throw new ImException(ErrorCode.VALIDATION_FAILED,
                    "role must be ADMIN or MEMBER; the owner changes by transfer");
        }
    }

    /** The owner's own role changes only by {@link #transfer}. */
    public void requireRoleChangeable(GroupMember target) {
        if (target.getRole() == GroupMember.Role.OWNER) {
            throw new ImException(ErrorCode.CONFLICT, "the owner's role changes only by transferring the group");
        }
    }

    /**
     * Makes {@code next} the owner of {@code g}; the old owner ({@code null} when its row is gone)
     * becomes a plain member. Transferring to the owner changes nothing.
     */
    public void transfer(ChatGroup g, GroupMember oldOwner, GroupMember next) {
        if (next.getUserId().equals(g.getOwnerId())) {
            return;
        }
        if (oldOwner != null) {
            oldOwner.setRole(GroupMember.Role.MEMBER);
        }
        next.setRole(GroupMember.Role.OWNER);
        g.setOwnerId(next.getUserId());
    }

    /** Whether the member's own mute lasts now (it ends at its {@code mutedUntil}). */
    public boolean mutedNow(GroupMember m) {
        return m.isMutedAt(clock.millis());
    }

    /**
     * Whether the member may not speak in the group now: it is muted, or the whole group is. Owners
     * and admins speak through the group's mutes.
     */
    public boolean silenced(ChatGroup g, GroupMember m) {
        return !m.canModerate() && (mutedNow(m) || g.isMutedAll());
    }
}
