package com.xuqinmin.im.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The group's roles and mutes (group/GroupRules.java), on rows made in memory and a fixed clock. */
class GroupRulesTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final GroupMember BACKEND = null;

    private final GroupRules rules = new GroupRules(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    private final ChatGroup group = new ChatGroup("ak", "g1", "Team", "olga", NOW - 60_000);
    private final GroupMember owner = member("olga", GroupMember.Role.OWNER);
    private final GroupMember admin = member("adam", GroupMember.Role.ADMIN);
    private final GroupMember otherAdmin = member("ada", GroupMember.Role.ADMIN);
    private final GroupMember plain = member("mia", GroupMember.Role.MEMBER);
    private final GroupMember otherPlain = member("max", GroupMember.Role.MEMBER);

    private static GroupMember member(String userId, GroupMember.Role role) {
        return new GroupMember("ak", "g1", userId, role, NOW - 30_000, 0);
    }

    private static ErrorCode codeOf(Runnable r) {
        try {
            r.run();
        } catch (ImException e) {
            return e.error();
        }
        return null;
    }

    @Test
    void the_owner_and_admins_moderate_plain_members_do_not() {
        assertThatCode(() -> rules.requireModerator(owner, "add members")).doesNotThrowAnyException();
        assertThatCode(() -> rules.requireModerator(admin, "add members")).doesNotThrowAnyException();
        assertThatThrownBy(() -> rules.requireModerator(plain, "add members"))
                .isInstanceOf(ImException.class).hasMessage("only the owner and admins may add members")
                .extracting(e -> ((ImException) e).error()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThatCode(() -> rules.requireModerator(BACKEND, "add members")).doesNotThrowAnyException();
    }

    @Test
    void only_the_owner_dismisses_transfers_and_changes_roles() {
        assertThatCode(() -> rules.requireOwner(owner, "dismiss the group")).doesNotThrowAnyException();
        assertThat(codeOf(() -> rules.requireOwner(admin, "dismiss the group"))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(codeOf(() -> rules.requireOwner(plain, "dismiss the group"))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThatCode(() -> rules.requireOwner(BACKEND, "dismiss the group")).doesNotThrowAnyException();
    }

    @Test
    void the_owner_is_never_removed_not_even_by_the_back_end() {
        assertThat(codeOf(() -> rules.requireRemovable(BACKEND, owner))).isEqualTo(ErrorCode.CONFLICT);
        assertThat(codeOf(() -> rules.requireRemovable(admin, owner))).isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void an_admin_removes_plain_members_only_the_owner_removes_admins_too() {
        assertThatCode(() -> rules.requireRemovable(admin, plain)).doesNotThrowAnyException();
        assertThat(codeOf(() -> rules.requireRemovable(admin, otherAdmin))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThatCode(() -> rules.requireRemovable(owner, admin)).doesNotThrowAnyException();
        assertThatCode(() -> rules.requireRemovable(BACKEND, admin)).doesNotThrowAnyException();
    }

    @Test
    void everyone_but_the_owner_may_quit() {
        assertThatCode(() -> rules.requireMayQuit(admin)).doesNotThrowAnyException();
        assertThatCode(() -> rules.requireMayQuit(plain)).doesNotThrowAnyException();
        assertThat(codeOf(() -> rules.requireMayQuit(owner))).isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void roles_are_set_to_admin_or_member_never_to_owner() {
        assertThatCode(() -> rules.requireAssignable(GroupMember.Role.ADMIN)).doesNotThrowAnyException();
        assertThatCode(() -> rules.requireAssignable(GroupMember.Role.MEMBER)).doesNotThrowAnyException();
        assertThat(codeOf(() -> rules.requireAssignable(GroupMember.Role.OWNER))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(codeOf(() -> rules.requireAssignable(null))).isEqualTo(ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void the_owners_own_role_changes_only_by_transfer() {
        assertThat(codeOf(() -> rules.requireRoleChangeable(owner))).isEqualTo(ErrorCode.CONFLICT);
        assertThatCode(() -> rules.requireRoleChangeable(admin)).doesNotThrowAnyException();
    }

    @Test
    void a_transfer_swaps_the_roles_of_the_old_and_the_new_owner() {
        rules.transfer(group, owner, admin);
        assertThat(group.getOwnerId()).isEqualTo("adam");
        assertThat(admin.getRole()).isEqualTo(GroupMember.Role.OWNER);
        assertThat(owner.getRole()).isEqualTo(GroupMember.Role.MEMBER);
    }

    @Test
    void a_transfer_to_the_owner_changes_nothing() {
        rules.transfer(group, owner, owner);
        assertThat(group.getOwnerId()).isEqualTo("olga");
        assertThat(owner.getRole()).isEqualTo(GroupMember.Role.OWNER);
    }

    @Test
    void a_transfer_works_when_the_old_owners_row_is_gone() {
        rules.transfer(group, null, plain);
        assertThat(group.getOwnerId()).isEqualTo("mia");
        assertThat(plain.getRole()).isEqualTo(GroupMember.Role.OWNER);
    }

    @Test
    void a_members_mute_lasts_until_its_end_and_not_at_it() {
        plain.setMutedUntil(NOW + 1);
        assertThat(rules.mutedNow(plain)).isTrue();
        assertThat(rules.silenced(group, plain)).isTrue();
        plain.setMutedUntil(NOW);
        assertThat(rules.mutedNow(plain)).isFalse();
        assertThat(rules.silenced(group, plain)).isFalse();
        plain.setMutedUntil(null);
        assertThat(rules.silenced(group, plain)).isFalse();
    }

    @Test
    void muting_the_group_silences_plain_members() {
        group.setMutedAll(true);
        assertThat(rules.silenced(group, plain)).isTrue();
        assertThat(rules.silenced(group, otherPlain)).isTrue();
    }

    @Test
    void owners_and_admins_speak_through_the_groups_mutes() {
        group.setMutedAll(true);
        admin.setMutedUntil(NOW + 60_000);
        owner.setMutedUntil(NOW + 60_000);
        assertThat(rules.silenced(group, admin)).isFalse();
        assertThat(rules.silenced(group, owner)).isFalse();
        assertThat(rules.mutedNow(admin)).as("the mute is still recorded").isTrue();
    }
}
