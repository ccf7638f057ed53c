package com.xuqinmin.im.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.delivery.ConversationRead;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** How far a read marks a conversation and who is told (chat/ReadRules.java), on repositories in memory. */
class ReadRulesTest {

    private static final String APP = "ak_test";
    private static final long NOW = 1_700_000_000_000L;
    private static final String BOB = "s:alice:bob";
    private static final String TEAM = "g:team";

    private final Identity alice = new Identity(APP, "alice");
    private final InMemoryMessages messages = new InMemoryMessages();
    private final Map<String, Long> lastSeqs = new HashMap<>();
    private final Set<String> teamMembers = Set.of("alice", "bob", "carol", "dave");
    private final ReadRules rules = new ReadRules(this::requireParticipant, new ConversationRepository() {
        @Override
        public List<UserConversation> ofUser(String appKey, String userId) {
            throw new AssertionError("a read looks at one conversation");
        }

        @Override
        public long lastSeq(String appKey, String conversationId) {
            return lastSeqs.getOrDefault(conversationId, 0L);
        }
    }, messages, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    /** alice and bob's single chat, and the group team; nobody else is anywhere. */
    private String requireParticipant(Identity who, String cid) {
        if (cid.equals(TEAM) && teamMembers.contains(who.userId())) {
            return null;
        }
        String[] pair = ConversationId.usersOf(cid);
        if (pair != null && (pair[0].equals(who.userId()) || pair[1].equals(who.userId()))) {
            return pair[0].equals(who.userId()) ? pair[1] : pair[0];
        }
        throw new ImException(ErrorCode.NOT_CONVERSATION_MEMBER, "not a member of conversation " + cid);
    }

    ReadRulesTest() {
        lastSeqs.put(BOB, 5L);
        lastSeqs.put(TEAM, 6L);
        // the group: bob 1, carol 2, alice 3, bob 4, dave 5, alice 6
        String[] senders = {"bob", "carol", "alice", "bob", "dave", "alice"};
        for (int i = 0; i < senders.length; i++) {
            messages.add(APP, TEAM, i + 1, senders[i], "team", ChatType.GROUP, i);
        }
    }

    private static JsonObject read(String cid, long seq) {
        return Json.createObjectBuilder().add("conversationId", cid).add("seq", seq).build();
    }

    private AbstractThrowableAssert<?, ?> refused(Identity who, JsonObject body, ErrorCode code) {
        return assertThatThrownBy(() -> rules.position(who, body)).isInstanceOf(ImException.class)
                .satisfies(e -> assertThat(((ImException) e).error()).isEqualTo(code));
    }

    @Test
    void a_read_marks_up_to_the_seq_asked() {
        ReadRules.ReadPoint p = rules.position(alice, read(BOB, 3));
        assertThat(p).isEqualTo(new ReadRules.ReadPoint(BOB, "bob", 3));
    }

    @Test
    void a_read_never_goes_past_the_last_message() {
        assertThat(rules.position(alice, read(BOB, 99)).upTo()).isEqualTo(5);
    }

    @Test
    void a_group_read_has_no_peer() {
        assertThat(rules.position(alice, read(TEAM, 2))).isEqualTo(new ReadRules.ReadPoint(TEAM, null, 2));
    }

    @Test
    void the_seq_is_a_positive_integer() {
        refused(alice, read(BOB, 0), ErrorCode.VALIDATION_FAILED).hasMessage("seq must be a positive integer");
        refused(alice, read(BOB, -4), ErrorCode.VALIDATION_FAILED);
        refused(alice, Json.createObjectBuilder().add("conversationId", BOB).build(), ErrorCode.VALIDATION_FAILED);
        refused(alice, Json.createObjectBuilder().add("seq", 1).build(), ErrorCode.VALIDATION_FAILED);
        // the request is checked before the caller's place in the conversation
        refused(new Identity(APP, "mallory"), read(BOB, 0), ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void the_body_names_the_callers_app_or_none() {
        refused(alice, Json.createObjectBuilder(read(BOB, 1)).add("appKey", "ak_other").build(), ErrorCode.APP_MISMATCH);
    }

    @Test
    void only_those_in_the_conversation_read_it() {
        refused(new Identity(APP, "mallory"), read(BOB, 1), ErrorCode.NOT_CONVERSATION_MEMBER);
        refused(new Identity(APP, "mallory"), read(TEAM, 1), ErrorCode.NOT_CONVERSATION_MEMBER);
    }

    @Test
    void a_conversation_without_messages_cannot_be_read() {
        refused(alice, read("s:alice:carol", 1), ErrorCode.CONVERSATION_NOT_FOUND)
                .hasMessage("conversation s:alice:carol has no messages");
    }

    @Test
    void the_peer_of_a_single_chat_and_the_readers_other_sessions_are_told() {
        ReadRules.ReadPoint p = rules.position(alice, read(BOB, 4));
        ConversationRead r = rules.told(alice, p, 1, "session-1").orElseThrow();
        assertThat(r.recipients()).containsExactly("bob", "alice");
        assertThat(r).extracting(ConversationRead::appKey, ConversationRead::conversationId, ConversationRead::readerId,
                ConversationRead::seq, ConversationRead::originSession)
                .containsExactly(APP, BOB, "alice", 4L, "session-1");
        assertThat(messages.reads).as("a single chat's peer needs no look-up").isEmpty();
    }

    @Test
    void in_a_group_the_senders_of_what_was_read_are_told_but_not_the_reader_twice() {
        ReadRules.ReadPoint p = rules.position(alice, read(TEAM, 6));
        ConversationRead r = rules.told(alice, p, 2, null).orElseThrow();
        // read 3..6: alice (3, 6), bob (4), dave (5); carol's message 2 was read before
        assertThat(r.recipients()).containsExactly("bob", "dave", "alice");
        assertThat(messages.reads).containsExactly("sendersBetween " + TEAM + " 2 6");
        assertThat(r.fromSeq()).as("the read point before: the senders' read counts follow (2, 6]").isEqualTo(2);
    }

    @Test
    void a_reader_who_sent_everything_read_tells_only_its_own_sessions() {
        ReadRules.ReadPoint p = rules.position(alice, read(TEAM, 3));
        assertThat(rules.told(alice, p, 2, null).orElseThrow().recipients()).containsExactly("alice");
    }

    @Test
    void a_read_that_does_not_move_the_read_point_tells_nobody() {
        ReadRules.ReadPoint p = rules.position(alice, read(TEAM, 4));
        assertThat(rules.told(alice, p, 4, null)).isEmpty();
        assertThat(rules.told(alice, p, 6, null)).as("another device read further already").isEmpty();
        assertThat(messages.reads).isEmpty();
    }

    @Test
    void the_notice_says_when_it_was_read_by_the_clock() {
        ReadRules.ReadPoint p = rules.position(alice, read(BOB, 5));
        JsonObject notice = Json.createReader(new StringReader(rules.told(alice, p, 0, null).orElseThrow().json()))
                .readObject();
        assertThat(notice.getString("type")).isEqualTo("READ");
        assertThat(notice.getString("conversationId")).isEqualTo(BOB);
        assertThat(notice.getString("userId")).isEqualTo("alice");
        assertThat(notice.getJsonNumber("seq").longValue()).isEqualTo(5);
        assertThat(notice.getJsonNumber("readAt").longValue()).isEqualTo(NOW);
    }
}
