package com.xuqinmin.im.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xuqinmin.im.account.UserStates;
import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.group.ChatGroup;
import com.xuqinmin.im.group.GroupMember;
import com.xuqinmin.im.social.Relations;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Who may send what where (chat/SendRules.java), with users and groups in memory and a fixed clock. */
class SendRulesTest {

    private static final String APP = "ak_test";
    private static final long NOW = 1_700_000_000_000L;

    private final Map<String, UserStates.UserState> users = new HashMap<>();
    private final InMemoryGroups groups = new InMemoryGroups();
    private final SendRules rules = new SendRules((appKey, userId) -> users.getOrDefault(appKey + "/" + userId,
            new UserStates.UserState(false, null)), groups, new SendRules.Limits(10, 20),
            Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    private final Identity alice = new Identity(APP, "alice");
    private final Identity system = new Identity(APP, "system");

    SendRulesTest() {
        user("alice", true, null);
        user("bob", true, null);
        user("banned", false, null);
        ChatGroup team = groups.group(APP, "team");
        team.setOwnerId("olga");
        groups.join(APP, "team", "olga", GroupMember.Role.OWNER, 0);
        groups.join(APP, "team", "adam", GroupMember.Role.ADMIN, 0);
        groups.join(APP, "team", "alice", GroupMember.Role.MEMBER, 0);
        user("olga", true, null);
        user("adam", true, null);
    }

    private void user(String id, boolean active, Long mutedUntil) {
        users.put(APP + "/" + id, new UserStates.UserState(active, mutedUntil));
    }

    private static JsonObjectBuilder single(String toId) {
        return Json.createObjectBuilder().add("toId", toId).add("chatType", "SINGLE").add("msgType", "TEXT")
                .add("content", "Hello");
    }

    private static JsonObjectBuilder toGroup(String groupId) {
        return single(groupId).add("chatType", "GROUP");
    }

    private AbstractThrowableAssert<?, ?> refused(Identity who, JsonObject body, ErrorCode code) {
        return assertThatThrownBy(() -> rules.validate(who, body)).isInstanceOf(ImException.class)
                .satisfies(e -> assertThat(((ImException) e).error()).isEqualTo(code));
    }

    @Test
    void a_valid_single_message_gets_the_conversation_the_clocks_time_and_a_server_id() {
        NewMessage m = rules.validate(alice, single("bob").add("messageId", "c-1").build());
        assertThat(m.conversationId()).isEqualTo("s:alice:bob");
        assertThat(m.createdAt()).isEqualTo(NOW);
        assertThat(m.clientMessageId()).isEqualTo("c-1");
        assertThat(m.id()).hasSize(26);
        assertThat(m).extracting(NewMessage::appKey, NewMessage::fromId, NewMessage::toId, NewMessage::chatType,
                NewMessage::msgType, NewMessage::content)
                .containsExactly(APP, "alice", "bob", ChatType.SINGLE, MsgType.TEXT, "Hello");
    }

    @Test
    void relations_refuse_single_chats_from_a_blocked_sender_or_to_a_non_friend_but_never_group_or_backend_sends() {
        Relations relations = (appKey, from, to) -> to.equals("bob") && from.equals("alice") ? Relations.Verdict.BLOCKED
                : to.equals("olga") ? Relations.Verdict.NOT_FRIENDS : Relations.Verdict.OK;
        SendRules social = new SendRules((appKey, userId) -> users.getOrDefault(appKey + "/" + userId,
                new UserStates.UserState(false, null)), groups, relations, new SendRules.Limits(10, 20),
                Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
        assertThatThrownBy(() -> social.validate(alice, single("bob").build())).isInstanceOf(ImException.class)
                .extracting(e -> ((ImException) e).error()).isEqualTo(ErrorCode.BLOCKED);
        assertThatThrownBy(() -> social.validate(alice, single("olga").build())).isInstanceOf(ImException.class)
                .extracting(e -> ((ImException) e).error()).isEqualTo(ErrorCode.NOT_FRIENDS);
        assertThat(social.validate(alice, single("bob").build(), false).toId()).isEqualTo("bob");
        assertThat(social.validate(system, single("bob").build()).toId()).isEqualTo("bob");
        assertThat(social.validate(alice, toGroup("team").build()).toId()).isEqualTo("team");
        assertThat(social.validate(new Identity(APP, "adam"), single("bob").build()).toId()).isEqualTo("bob");
    }

    @Test
    void a_message_without_a_messageId_gets_one() {
        NewMessage m = rules.validate(alice, single("bob").build());
        assertThat(m.clientMessageId()).hasSize(26).isNotEqualTo(m.id());
    }

    @Test
    void the_body_names_the_callers_app_or_none() {
        assertThat(rules.validate(alice, single("bob").add("appKey", APP).build())).isNotNull();
        refused(alice, single("bob").add("appKey", "ak_other").build(), ErrorCode.APP_MISMATCH);
    }

    @Test
    void toId_is_required_and_shaped_like_an_id() {
        refused(alice, single("bob").remove("toId").build(), ErrorCode.VALIDATION_FAILED).hasMessage("toId is required");
        refused(alice, single("b:ob").build(), ErrorCode.VALIDATION_FAILED);
        refused(alice, single("x".repeat(65)).build(), ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void chatType_and_msgType_are_one_of_their_values() {
        refused(alice, single("bob").add("chatType", "CHANNEL").build(), ErrorCode.VALIDATION_FAILED)
                .hasMessage("chatType must be one of SINGLE, GROUP");
        refused(alice, single("bob").add("msgType", "text").build(), ErrorCode.VALIDATION_FAILED)
                .hasMessageStartingWith("msgType must be one of TEXT");
        refused(alice, single("bob").remove("msgType").build(), ErrorCode.VALIDATION_FAILED);
        refused(alice, single("bob").remove("content").build(), ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void text_is_counted_in_characters_and_must_not_be_empty() {
        refused(alice, single("bob").add("content", "").build(), ErrorCode.VALIDATION_FAILED);
        // ten emoji are twenty UTF-16 units and forty bytes, and still ten characters
        assertThat(rules.validate(alice, single("bob").add("content", "😀".repeat(10)).build())).isNotNull();
        refused(alice, single("bob").add("content", "x".repeat(11)).build(), ErrorCode.CONTENT_TOO_LARGE)
                .hasMessage("TEXT content is 11 characters; the limit is 10");
    }

    @Test
    void other_types_are_counted_in_utf8_bytes() {
        JsonObjectBuilder image = single("bob").add("msgType", "IMAGE");
        assertThat(rules.validate(alice, image.add("content", "x".repeat(20)).build())).isNotNull();
        refused(alice, single("bob").add("msgType", "IMAGE").add("content", "é".repeat(11)).build(),
                ErrorCode.CONTENT_TOO_LARGE).hasMessage("IMAGE content is 22 bytes; the limit is 20");
    }

    @Test
    void a_messageId_is_one_to_64_printable_characters() {
        refused(alice, single("bob").add("messageId", "").build(), ErrorCode.VALIDATION_FAILED);
        refused(alice, single("bob").add("messageId", "m".repeat(65)).build(), ErrorCode.VALIDATION_FAILED);
        refused(alice, single("bob").add("messageId", "a\nb").build(), ErrorCode.VALIDATION_FAILED);
        assertThat(rules.validate(alice, single("bob").add("messageId", "m".repeat(64)).build())).isNotNull();
    }

    @Test
    void a_disabled_sender_sends_nothing() {
        refused(new Identity(APP, "banned"), single("bob").build(), ErrorCode.USER_DISABLED);
        refused(new Identity(APP, "nobody"), single("bob").build(), ErrorCode.USER_DISABLED);
    }

    @Test
    void a_single_chat_needs_an_active_receiver() {
        refused(alice, single("banned").build(), ErrorCode.USER_NOT_FOUND).hasMessage("user banned not found");
        refused(alice, single("nobody").build(), ErrorCode.USER_NOT_FOUND);
        refused(alice, single("system").build(), ErrorCode.USER_NOT_FOUND);
    }

    @Test
    void a_user_muted_by_the_app_is_muted_until_the_mute_ends() {
        user("alice", true, NOW + 1);
        refused(alice, single("bob").build(), ErrorCode.USER_MUTED).hasMessage("you are muted");
        user("alice", true, NOW);
        assertThat(rules.validate(alice, single("bob").build())).isNotNull();
    }

    @Test
    void a_user_muted_by_the_app_is_muted_in_groups_it_moderates_too() {
        user("olga", true, NOW + 60_000);
        refused(new Identity(APP, "olga"), toGroup("team").build(), ErrorCode.USER_MUTED).hasMessage("you are muted");
    }

    @Test
    void a_group_message_goes_to_the_groups_conversation() {
        NewMessage m = rules.validate(alice, toGroup("team").build());
        assertThat(m.conversationId()).isEqualTo("g:team");
        assertThat(m.chatType()).isEqualTo(ChatType.GROUP);
    }

    @Test
    void a_group_must_exist_be_active_and_have_the_sender_as_a_member() {
        refused(alice, toGroup("nogroup").build(), ErrorCode.GROUP_NOT_FOUND).hasMessage("group nogroup not found");
        refused(new Identity(APP, "bob"), toGroup("team").build(), ErrorCode.NOT_GROUP_MEMBER)
                .hasMessage("not a member of group team");
        groups.groups.get("team").setStatus(ChatGroup.Status.DISMISSED);
        refused(alice, toGroup("team").build(), ErrorCode.GROUP_NOT_FOUND);
    }

    @Test
    void a_member_muted_in_the_group_is_muted_there_until_the_mute_ends() {
        groups.member(APP, "team", "alice").orElseThrow().setMutedUntil(NOW + 1);
        refused(alice, toGroup("team").build(), ErrorCode.USER_MUTED).hasMessage("you are muted in group team");
        assertThat(rules.validate(alice, single("bob").build())).as("a group's mute stays in the group").isNotNull();
        groups.member(APP, "team", "alice").orElseThrow().setMutedUntil(NOW);
        assertThat(rules.validate(alice, toGroup("team").build())).isNotNull();
    }

    @Test
    void a_muted_group_silences_members_but_not_its_owner_and_admins() {
        groups.groups.get("team").setMutedAll(true);
        refused(alice, toGroup("team").build(), ErrorCode.USER_MUTED);
        assertThat(rules.validate(new Identity(APP, "olga"), toGroup("team").build())).isNotNull();
        assertThat(rules.validate(new Identity(APP, "adam"), toGroup("team").build())).isNotNull();
    }

    @Test
    void owners_and_admins_speak_through_their_own_group_mute() {
        groups.member(APP, "team", "adam").orElseThrow().setMutedUntil(NOW + 60_000);
        assertThat(rules.validate(new Identity(APP, "adam"), toGroup("team").build())).isNotNull();
    }

    @Test
    void the_system_account_has_no_user_row_and_speaks_in_any_active_group() {
        assertThat(rules.validate(system, single("bob").build()).conversationId()).isEqualTo("s:bob:system");
        groups.groups.get("team").setMutedAll(true);
        assertThat(rules.validate(system, toGroup("team").build()).fromId()).isEqualTo("system");
        refused(system, toGroup("nogroup").build(), ErrorCode.GROUP_NOT_FOUND);
        groups.groups.get("team").setStatus(ChatGroup.Status.DISMISSED);
        refused(system, toGroup("team").build(), ErrorCode.GROUP_NOT_FOUND);
    }
}
