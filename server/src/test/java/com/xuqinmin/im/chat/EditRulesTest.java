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
import org.junit.jupiter.api.Test;

/** Who may edit what, until when, and with what content (chat/EditRules.java), with messages in memory. */
class EditRulesTest {

    private static final String APP = "ak_test";
    private static final long NOW = 1_700_000_000_000L;
    private static final long WINDOW_SECONDS = 600;

    private final InMemoryMessages messages = new InMemoryMessages();
    private final InMemoryGroups groups = new InMemoryGroups();
    private Optional<AppInfo> app = Optional.of(app(WINDOW_SECONDS));
    private final EditRules rules = new EditRules(messages, groups, appKey -> app, new SendRules.Limits(10, 100),
            Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    private final Identity alice = new Identity(APP, "alice");
    private final Identity bob = new Identity(APP, "bob");
    private final Identity carol = new Identity(APP, "carol");

    EditRulesTest() {
        groups.group(APP, "team");
        groups.join(APP, "team", "olga", GroupMember.Role.OWNER, 0);
        groups.join(APP, "team", "alice", GroupMember.Role.MEMBER, 0);
    }

    private static AppInfo app(long editWindow) {
        return new AppInfo(APP, true, List.of("secret"), 120, 3600, false, null, AppInfo.AddFriend.APPROVAL,
                AppInfo.Messaging.ANYONE, AppInfo.DevicePolicy.MULTI, editWindow);
    }

    private Message single(String from, String to, long sentMsAgo) {
        return messages.add(APP, ConversationId.single(from, to), messages.rows.size() + 1, from, to, ChatType.SINGLE,
                NOW - sentMsAgo);
    }

    private static JsonObject body(String field, String id, String content) {
        return Json.createObjectBuilder().add(field, id).add("content", content).build();
    }

    private void refused(Identity who, JsonObject body, ErrorCode code) {
        assertThatThrownBy(() -> rules.byUser(who, body)).isInstanceOf(ImException.class)
                .extracting(e -> ((ImException) e).error()).isEqualTo(code);
    }

    @Test
    void theSenderEditsByServerIdOrOwnClientIdWithinTheWindow() {
        Message m = single("alice", "bob", 1000);
        EditRules.Edit e = rules.byUser(alice, body("id", m.getId(), "fixed"));
        assertThat(e.message()).isSameAs(m);
        assertThat(e.content()).isEqualTo("fixed");
        assertThat(e.at()).isEqualTo(NOW);
        assertThat(rules.byUser(alice, body("messageId", m.getClientMessageId(), "again")).message()).isSameAs(m);
    }

    @Test
    void onlyTheSenderMayEditEvenAGroupOwner() {
        Message m = single("alice", "bob", 1000);
        refused(bob, body("id", m.getId(), "mine now"), ErrorCode.NOT_MESSAGE_SENDER);
        Message g = messages.add(APP, "g:team", 99, "alice", "team", ChatType.GROUP, NOW);
        refused(new Identity(APP, "olga"), body("id", g.getId(), "owner"), ErrorCode.NOT_MESSAGE_SENDER);
    }

    @Test
    void aStrangerIsToldNotFound() {
        Message m = single("alice", "bob", 1000);
        refused(carol, body("id", m.getId(), "x"), ErrorCode.MESSAGE_NOT_FOUND);
    }

    @Test
    void theWindowPassedOrZeroRefuses() {
        Message old = single("alice", "bob", WINDOW_SECONDS * 1000 + 1);
        refused(alice, body("id", old.getId(), "late"), ErrorCode.EDIT_WINDOW_PASSED);
        Message fresh = single("alice", "bob", 0);
        app = Optional.of(app(0));
        refused(alice, body("id", fresh.getId(), "never"), ErrorCode.EDIT_WINDOW_PASSED);
        assertThat(rules.byApp(APP, old.getId(), body("id", old.getId(), "server")).content()).isEqualTo("server");
    }

    @Test
    void aRevokedMessageCannotBeEditedEvenByTheServer() {
        Message m = single("alice", "bob", 1000);
        m.revoke(NOW);
        refused(alice, body("id", m.getId(), "x"), ErrorCode.MESSAGE_REVOKED);
        assertThatThrownBy(() -> rules.byApp(APP, m.getId(), body("id", m.getId(), "x")))
                .extracting(e -> ((ImException) e).error()).isEqualTo(ErrorCode.MESSAGE_REVOKED);
    }

    @Test
    void theContentIsHeldToTheSendRules() {
        Message m = single("alice", "bob", 1000);
        refused(alice, body("id", m.getId(), ""), ErrorCode.VALIDATION_FAILED);
        refused(alice, body("id", m.getId(), "01234567890"), ErrorCode.CONTENT_TOO_LARGE);
        refused(alice, Json.createObjectBuilder().add("id", m.getId()).build(), ErrorCode.VALIDATION_FAILED);
        refused(alice, Json.createObjectBuilder().add("content", "x").build(), ErrorCode.VALIDATION_FAILED);
        refused(alice, Json.createObjectBuilder().add("id", m.getId()).add("content", "x").add("editId", "").build(),
                ErrorCode.VALIDATION_FAILED);
    }
}
