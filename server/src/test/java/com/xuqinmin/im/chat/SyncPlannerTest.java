package com.xuqinmin.im.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How sync pages through a device's conversations (chat/SyncPlanner.java), on repositories in memory. */
class SyncPlannerTest {

    private static final String APP = "ak_test";
    private static final String DEVICE = "phone";
    private static final String BOB = "s:alice:bob";
    private static final String CAROL = "s:alice:carol";
    private static final String TEAM = "g:team";
    private static final SyncStart FROM_CURSOR = (cid, stored) -> stored;

    private final Identity alice = new Identity(APP, "alice");
    private final InMemoryMessages messages = new InMemoryMessages();
    private final Map<String, ConversationRepository.UserConversation> conversations = new LinkedHashMap<>();
    private final Map<String, Cursor> cursors = new HashMap<>();
    private final List<String> revokesSeen = new ArrayList<>();
    private final SyncPlanner planner = new SyncPlanner(
            new ConversationRepository() {
                @Override
                public List<UserConversation> ofUser(String appKey, String userId) {
                    return new ArrayList<>(conversations.values());
                }

                @Override
                public long lastSeq(String appKey, String conversationId) {
                    throw new AssertionError("sync reads the last seqs with the conversations");
                }
            },
            new CursorRepository() {
                @Override
                public Map<String, Cursor> cursorsOf(String appKey, String userId, String deviceId) {
                    return cursors;
                }

                @Override
                public void revokesSeen(Cursor.Key key, long count) {
                    revokesSeen.add(key.conversationId + " " + count);
                }
            },
            messages, 100);

    /** A conversation with messages 1..lastSeq, of which the user sees those after joinedSeq. */
    private void conversation(String cid, long lastSeq, long joinedSeq) {
        ChatType type = cid.startsWith("g:") ? ChatType.GROUP : ChatType.SINGLE;
        for (long seq = 1; seq <= lastSeq; seq++) {
            messages.add(APP, cid, seq, seq % 2 == 0 ? "alice" : "other", type == ChatType.GROUP ? "team" : "bob", type,
                    seq);
        }
        conversations.put(cid, new ConversationRepository.UserConversation(cid, lastSeq, joinedSeq, 0));
    }

    private void revoke(String cid, long seq, long revokeNo) {
        Message m = messages.find(APP, "m-" + cid + "-" + seq).orElseThrow();
        messages.revoke(m, 1_000, revokeNo);
        ConversationRepository.UserConversation c = conversations.get(cid);
        conversations.put(cid, new ConversationRepository.UserConversation(cid, c.lastSeq(), c.joinedSeq(),
                Math.max(c.revokeCount(), revokeNo)));
    }

    private void cursor(String cid, long delivered, long revokesSeen) {
        Cursor c = new Cursor(APP, "alice", DEVICE, cid, 0);
        c.setDeliveredSeq(delivered, 0);
        c.setRevokesSeen(revokesSeen);
        cursors.put(cid, c);
    }

    private SyncPage page(int limit, SyncStart start) {
        return planner.page(alice, DEVICE, limit, start);
    }

    private static List<String> seqs(List<StoredMessage> ms) {
        return ms.stream().map(m -> m.conversationId() + "#" + m.seq()).toList();
    }

    @Test
    void a_new_device_gets_every_conversation_from_the_start_in_conversation_id_order() {
        conversation(CAROL, 2, 0);
        conversation(BOB, 3, 0);
        SyncPage p = page(10, FROM_CURSOR);
        assertThat(seqs(p.messages())).containsExactly(BOB + "#1", BOB + "#2", BOB + "#3", CAROL + "#1", CAROL + "#2");
        assertThat(p.more()).isFalse();
        assertThat(p.revoked()).isEmpty();
    }

    @Test
    void a_device_gets_what_comes_after_its_cursor() {
        conversation(BOB, 5, 0);
        cursor(BOB, 3, 0);
        assertThat(seqs(page(10, FROM_CURSOR).messages())).containsExactly(BOB + "#4", BOB + "#5");
    }

    @Test
    void a_device_that_has_everything_gets_nothing_and_reads_nothing() {
        conversation(BOB, 5, 0);
        cursor(BOB, 5, 0);
        SyncPage p = page(10, FROM_CURSOR);
        assertThat(p.messages()).isEmpty();
        assertThat(p.more()).isFalse();
        assertThat(messages.reads).isEmpty();
    }

    @Test
    void the_limit_cuts_a_conversation_and_says_there_is_more() {
        conversation(BOB, 5, 0);
        SyncPage p = page(2, FROM_CURSOR);
        assertThat(seqs(p.messages())).containsExactly(BOB + "#1", BOB + "#2");
        assertThat(p.more()).isTrue();
    }

    @Test
    void a_page_filled_exactly_by_the_last_new_messages_has_no_more() {
        conversation(BOB, 3, 0);
        conversation(CAROL, 2, 0);
        cursor(CAROL, 2, 0);
        SyncPage p = page(3, FROM_CURSOR);
        assertThat(seqs(p.messages())).containsExactly(BOB + "#1", BOB + "#2", BOB + "#3");
        assertThat(p.more()).isFalse();
    }

    @Test
    void a_full_page_with_another_conversation_waiting_has_more_and_does_not_read_it() {
        conversation(BOB, 3, 0);
        conversation(CAROL, 2, 0);
        SyncPage p = page(3, FROM_CURSOR);
        assertThat(seqs(p.messages())).containsExactly(BOB + "#1", BOB + "#2", BOB + "#3");
        assertThat(p.more()).isTrue();
        assertThat(messages.reads).containsExactly("after " + BOB + " 0 3");
    }

    @Test
    void the_next_page_continues_where_the_cursor_moved_to() {
        conversation(BOB, 3, 0);
        conversation(CAROL, 2, 0);
        page(3, FROM_CURSOR);
        cursor(BOB, 3, 0);
        SyncPage p = page(3, FROM_CURSOR);
        assertThat(seqs(p.messages())).containsExactly(CAROL + "#1", CAROL + "#2");
        assertThat(p.more()).isFalse();
    }

    @Test
    void a_member_that_joined_late_gets_what_was_said_since_it_joined() {
        conversation(TEAM, 8, 5);
        assertThat(seqs(page(10, FROM_CURSOR).messages())).containsExactly(TEAM + "#6", TEAM + "#7", TEAM + "#8");
    }

    @Test
    void a_member_that_came_back_starts_where_it_joined_again_not_at_its_old_cursor() {
        conversation(TEAM, 8, 6);
        cursor(TEAM, 2, 0);
        assertThat(seqs(page(10, FROM_CURSOR).messages())).containsExactly(TEAM + "#7", TEAM + "#8");
    }

    @Test
    void the_callers_start_skips_what_the_session_already_has() {
        conversation(BOB, 6, 0);
        cursor(BOB, 2, 0);
        List<String> asked = new ArrayList<>();
        SyncPage p = page(10, (cid, stored) -> {
            asked.add(cid + " " + stored);
            return 4;
        });
        assertThat(asked).containsExactly(BOB + " 2");
        assertThat(seqs(p.messages())).containsExactly(BOB + "#5", BOB + "#6");
    }

    @Test
    void the_callers_start_never_moves_a_conversation_back() {
        conversation(BOB, 6, 0);
        cursor(BOB, 4, 0);
        assertThat(seqs(page(10, (cid, stored) -> 0).messages())).containsExactly(BOB + "#5", BOB + "#6");
    }

    @Test
    void a_conversation_the_session_has_up_to_its_last_seq_is_skipped_without_counting_as_more() {
        conversation(BOB, 3, 0);
        conversation(CAROL, 2, 0);
        SyncPage p = page(2, (cid, stored) -> cid.equals(BOB) ? 3 : stored);
        assertThat(seqs(p.messages())).containsExactly(CAROL + "#1", CAROL + "#2");
        assertThat(p.more()).isFalse();
    }

    @Test
    void revokes_of_messages_the_device_had_are_told_once_and_remembered() {
        conversation(BOB, 5, 0);
        cursor(BOB, 3, 0);
        revoke(BOB, 2, 1);
        revoke(BOB, 4, 2);
        SyncPage p = page(10, FROM_CURSOR);
        assertThat(seqs(p.revoked())).as("only what the device had").containsExactly(BOB + "#2");
        assertThat(seqs(p.messages())).containsExactly(BOB + "#4", BOB + "#5");
        assertThat(p.messages().get(0).revoked()).as("a message it lacks comes in its revoked state").isTrue();
        assertThat(revokesSeen).containsExactly(BOB + " 2");
    }

    @Test
    void revokes_already_told_are_not_told_again() {
        conversation(BOB, 5, 0);
        revoke(BOB, 2, 1);
        revoke(BOB, 3, 2);
        cursor(BOB, 5, 1);
        SyncPage p = page(10, FROM_CURSOR);
        assertThat(seqs(p.revoked())).containsExactly(BOB + "#3");
        cursor(BOB, 5, 2);
        assertThat(page(10, FROM_CURSOR).revoked()).isEmpty();
    }

    @Test
    void a_device_without_a_cursor_is_told_no_revokes() {
        conversation(BOB, 3, 0);
        revoke(BOB, 1, 1);
        SyncPage p = page(10, FROM_CURSOR);
        assertThat(p.revoked()).isEmpty();
        assertThat(revokesSeen).isEmpty();
        assertThat(seqs(p.messages())).containsExactly(BOB + "#1", BOB + "#2", BOB + "#3");
    }

    @Test
    void revokes_are_bounded_by_the_limit_too() {
        conversation(BOB, 5, 0);
        cursor(BOB, 5, 0);
        for (long seq = 1; seq <= 5; seq++) {
            revoke(BOB, seq, seq);
        }
        assertThat(seqs(page(3, FROM_CURSOR).revoked())).containsExactly(BOB + "#1", BOB + "#2", BOB + "#3");
    }

    /** A page with what the device received beyond its stored cursors: seqs by conversation, as the tracker holds them. */
    private SyncPage pageReceived(Map<String, Runs> unwritten) {
        return planner.page(alice, DEVICE, 10, FROM_CURSOR, cursors, (cid, stored) -> {
            Runs r = unwritten.get(cid);
            return r == null ? stored : r.contiguousEnd(stored);
        });
    }

    private static Runs runs(long from, long to) {
        Runs r = new Runs();
        r.add(from, to);
        return r;
    }

    @Test
    void what_the_device_received_beyond_its_stored_cursor_is_not_sent_again() {
        conversation(BOB, 8, 0);
        cursor(BOB, 3, 0);
        SyncPage p = pageReceived(Map.of(BOB, runs(4, 6)));
        assertThat(seqs(p.messages())).containsExactly(BOB + "#7", BOB + "#8");
    }

    @Test
    void received_seqs_after_a_gap_do_not_move_the_start() {
        conversation(BOB, 8, 0);
        cursor(BOB, 3, 0);
        SyncPage p = pageReceived(Map.of(BOB, runs(6, 7)));
        assertThat(seqs(p.messages())).as("4 and 5 are missing: sync starts after 3")
                .containsExactly(BOB + "#4", BOB + "#5", BOB + "#6", BOB + "#7", BOB + "#8");
    }

    @Test
    void a_revoke_of_a_message_received_but_not_yet_written_is_told() {
        conversation(BOB, 6, 0);
        cursor(BOB, 3, 0);
        revoke(BOB, 5, 1);
        SyncPage p = pageReceived(Map.of(BOB, runs(4, 5)));
        assertThat(seqs(p.revoked())).as("the device had #5: it learns it was revoked").containsExactly(BOB + "#5");
        assertThat(seqs(p.messages())).containsExactly(BOB + "#6");
        assertThat(revokesSeen).containsExactly(BOB + " 1");
    }

    @Test
    void a_member_that_came_back_and_received_since_continues_after_what_it_received() {
        conversation(TEAM, 9, 6);
        cursor(TEAM, 2, 0);
        assertThat(seqs(pageReceived(Map.of(TEAM, runs(7, 8))).messages())).containsExactly(TEAM + "#9");
    }

    @Test
    void the_limit_is_at_least_one_and_at_most_a_pages_worth() {
        assertThat(planner.limit(null)).isEqualTo(100);
        assertThat(planner.limit(5L)).isEqualTo(5);
        assertThat(planner.limit(1_000_000L)).isEqualTo(100);
        assertThatThrownBy(() -> planner.limit(0L)).isInstanceOf(ImException.class)
                .satisfies(e -> assertThat(((ImException) e).error()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }
}
