package com.xuqinmin.im.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xuqinmin.im.account.AppInfo;
import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.group.GroupMember;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Who may revoke what, and until when (chat/RevokeRules.java), with messages in memory and a fixed clock. */
class RevokeRulesTest {

    private static final String APP = "ak_test";
    private static final long NOW = 1_700_000_000_000L;
    private static final long WINDOW_SECONDS = 120;

    private final InMemoryMessages messages = new InMemoryMessages();
    private final InMemoryGroups groups = new InMemoryGroups();
    private Optional<AppInfo> app = Optional.of(
            new AppInfo(APP, true, List.of("secret"), WINDOW_SECONDS, 3600, false, null));
    private final RevokeRules rules = new RevokeRules(messages, groups, appKey -> app,
            Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    private final Identity alice = new Identity(APP, "alice");
    private final Identity bob = new Identity(APP, "bob");
    private final Identity carol = new Identity(APP, "carol");

    RevokeRulesTest() {
        groups.group(APP, "team");
        groups.join(APP, "team", "olga", GroupMember.Role.OWNER, 0);
        groups.join(APP, "team", "adam", GroupMember.Role.ADMIN, 0);
        groups.join(APP, "team", "alice", GroupMember.Role.MEMBER, 0);
        groups.join(APP, "team", "bob", GroupMember.Role.MEMBER, 0);
    }

    private Message single(String from, String to, long sentMsAgo) {
        return messages.add(APP, ConversationId.single(from, to), messages.rows.size() + 1, from, to, ChatType.SINGLE,
                NOW - sentMsAgo);
    }

    private Message inTeam(String from, long sentMsAgo) {
        return messages.add(APP, "g:team", messages.rows.size() + 1, from, "team", ChatType.GROUP, NOW - sentMsAgo);
    }

    private static JsonObject body(String messageId) {
        return Json.createObjectBuilder().add("messageId", messageId).build();
    }

    private AbstractThrowableAssert<?, ?> refused(Identity who, JsonObject body, ErrorCode code) {
        return assertThatThrownBy(() -> rules.byUser(who, body)).isInstanceOf(ImException.class)
                .satisfies(e -> assertThat(((ImException) e).error()).isEqualTo(code));
    }

    @Test
    void the_sender_revokes_within_the_apps_window_at_the_clocks_time() {
        Message m = single("alice", "bob", 5_000);
        RevokeRules.Revocation r = rules.byUser(alice, body(m.getId()));
        assertThat(r.message()).isSameAs(m);
        assertThat(r.at()).isEqualTo(NOW);
    }

    @Test
    void the_window_includes_its_last_millisecond() {
        Message m = single("alice", "bob", WINDOW_SECONDS * 1000);
        assertThat(rules.byUser(alice, body(m.getId())).message()).isSameAs(m);
    }

    @Test
    void past_the_window_the_sender_is_told_how_long_it_was() {
        Message m = single("alice", "bob", WINDOW_SECONDS * 1000 + 1);
        refused(alice, body(m.getId()), ErrorCode.REVOKE_WINDOW_PASSED)
                .hasMessage("messages can be revoked within 120 s of sending");
    }

    @Test
    void the_receiver_of_a_single_message_may_not_revoke_it() {
        Message m = single("alice", "bob", 1_000);
        refused(bob, body(m.getId()), ErrorCode.NOT_MESSAGE_SENDER);
    }

    @Test
    void a_stranger_naming_a_message_by_server_id_is_told_it_does_not_exist() {
        Message m = single("alice", "bob", 1_000);
        refused(carol, body(m.getId()), ErrorCode.MESSAGE_NOT_FOUND).hasMessage("message " + m.getId() + " not found");
        Message g = inTeam("alice", 1_000);
        refused(carol, body(g.getId()), ErrorCode.MESSAGE_NOT_FOUND);
    }

    @Test
    void the_sender_may_name_a_message_by_its_own_client_id() {
        Message m = single("alice", "bob", 1_000);
        assertThat(rules.byUser(alice, body(m.getClientMessageId())).message()).isSameAs(m);
        // a client id is looked up among the requester's own messages only
        refused(bob, body(m.getClientMessageId()), ErrorCode.MESSAGE_NOT_FOUND);
    }

    @Test
    void a_groups_owner_and_admins_revoke_any_of_its_messages_at_any_time() {
        Message old = inTeam("alice", 86_400_000);
        assertThat(rules.byUser(new Identity(APP, "olga"), body(old.getId())).message()).isSameAs(old);
        assertThat(rules.byUser(new Identity(APP, "adam"), body(old.getId())).message()).isSameAs(old);
    }

    @Test
    void a_plain_group_member_revokes_only_its_own_messages_within_the_window() {
        Message alices = inTeam("alice", 1_000);
        refused(bob, body(alices.getId()), ErrorCode.NOT_MESSAGE_SENDER);
        assertThat(rules.byUser(alice, body(alices.getId())).message()).isSameAs(alices);
        Message old = inTeam("alice", WINDOW_SECONDS * 1000 + 1);
        refused(alice, body(old.getId()), ErrorCode.REVOKE_WINDOW_PASSED);
    }

    @Test
    void a_former_admin_is_bound_by_the_window_like_anyone() {
        Message old = inTeam("adam", WINDOW_SECONDS * 1000 + 1);
        groups.members.remove("team/adam");
        refused(new Identity(APP, "adam"), body(old.getClientMessageId()), ErrorCode.REVOKE_WINDOW_PASSED);
    }

    @Test
    void the_request_names_a_message_and_the_callers_app() {
        refused(alice, Json.createObjectBuilder().build(), ErrorCode.VALIDATION_FAILED);
        Message m = single("alice", "bob", 1_000);
        refused(alice, Json.createObjectBuilder().add("messageId", m.getId()).add("appKey", "ak_other").build(),
                ErrorCode.APP_MISMATCH);
    }

    @Test
    void without_its_app_nothing_is_revoked() {
        Message m = single("alice", "bob", 1_000);
        app = Optional.empty();
        refused(alice, body(m.getId()), ErrorCode.APP_DISABLED);
    }

    @Test
    void the_server_api_revokes_any_message_of_its_app_by_server_id_without_a_window() {
        Message old = single("alice", "bob", 86_400_000);
        RevokeRules.Revocation r = rules.byApp(APP, old.getId());
        assertThat(r.message()).isSameAs(old);
        assertThat(r.at()).isEqualTo(NOW);
        assertThatThrownBy(() -> rules.byApp(APP, old.getClientMessageId())).isInstanceOf(ImException.class)
                .satisfies(e -> assertThat(((ImException) e).error()).isEqualTo(ErrorCode.MESSAGE_NOT_FOUND));
        assertThatThrownBy(() -> rules.byApp("ak_other", old.getId())).isInstanceOf(ImException.class)
                .satisfies(e -> assertThat(((ImException) e).error()).isEqualTo(ErrorCode.MESSAGE_NOT_FOUND));
    }
}
