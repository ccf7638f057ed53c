package com.xuqinmin.im.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.xuqinmin.im.account.AppInfo;
import com.xuqinmin.im.account.Ids;
import com.xuqinmin.im.account.UserStates;
import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.group.GroupMember;
import com.xuqinmin.im.platform.Json;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The JSON bodies of the four application destinations (PROTOCOL.md §4: {@code chat.send},
 * {@code chat.revoke}, {@code chat.read}, {@code chat.sync}), taken as the gateway takes a SEND's
 * body: bytes read by {@link Json#parseObject}, then the destination's rules, here on users, groups and
 * messages in memory. Whatever the bytes, each destination either accepts the body, with a command
 * that holds what the protocol promises, or refuses it with an {@link ImException} of a 4xx code;
 * never another exception. Every input is a body; each runs at all four destinations.
 *
 * <p>Under plain {@code mvn test} this runs the inputs in {@code AppBodiesFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} (the {@code fuzz} profile) it fuzzes.
 */
class AppBodiesFuzzTest {

    private static final String APP = "ak_fuzz";
    private static final long NOW = 1_700_000_000_000L;
    private static final long REVOKE_WINDOW_SECONDS = 120;
    private static final int TEXT_MAX_CHARS = 50;
    private static final int CONTENT_MAX_BYTES = 200;
    private static final int PAGE_MAX = 20;

    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    private final Identity alice = new Identity(APP, "alice");

    private final Map<String, UserStates.UserState> users = new HashMap<>();
    private final InMemoryGroups groups = new InMemoryGroups();
    private final InMemoryMessages messages = new InMemoryMessages();
    private final Map<String, Long> lastSeqs = new HashMap<>();

    private final SendRules sendRules;
    private final RevokeRules revokeRules;
    private final ReadRules readRules;
    private final SyncPlanner syncPlanner;

    AppBodiesFuzzTest() {
        for (String u : List.of("alice", "bob", "olga")) {
            users.put(u, new UserStates.UserState(true, null));
        }
        users.put("banned", new UserStates.UserState(false, null));
        users.put("muted", new UserStates.UserState(true, NOW + 60_000));
        groups.group(APP, "team").setOwnerId("olga");
        groups.join(APP, "team", "olga", GroupMember.Role.OWNER, 0);
        groups.join(APP, "team", "alice", GroupMember.Role.MEMBER, 0);
        groups.join(APP, "team", "bob", GroupMember.Role.ADMIN, 0);
        groups.group(APP, "hushed").setMutedAll(true);
        groups.join(APP, "hushed", "alice", GroupMember.Role.MEMBER, 0);
        groups.group(APP, "stage");
        groups.join(APP, "stage", "alice", GroupMember.Role.OWNER, 2);
        groups.group(APP, "others");

        // alice and bob: alice's recent message, bob's, alice's old one; the team: bob's, alice's
        String pair = ConversationId.single("alice", "bob");
        messages.add(APP, pair, 1, "alice", "bob", ChatType.SINGLE, NOW - 5_000);
        messages.add(APP, pair, 2, "bob", "alice", ChatType.SINGLE, NOW - 4_000);
        messages.add(APP, pair, 3, "alice", "bob", ChatType.SINGLE, NOW - REVOKE_WINDOW_SECONDS * 1000 - 1);
        messages.add(APP, "g:team", 1, "bob", "team", ChatType.GROUP, NOW - 3_000);
        messages.add(APP, "g:team", 2, "alice", "team", ChatType.GROUP, NOW - 2_000);
        messages.add(APP, "g:stage", 1, "olga", "stage", ChatType.GROUP, NOW - 1_000_000);
        messages.add(APP, "s:bob:olga", 1, "bob", "olga", ChatType.SINGLE, NOW - 1_000);
        lastSeqs.put(pair, 3L);
        lastSeqs.put("g:team", 2L);
        lastSeqs.put("g:stage", 1L);

        sendRules = new SendRules((appKey, userId) -> users.getOrDefault(userId, new UserStates.UserState(false, null)),
                groups, new SendRules.Limits(TEXT_MAX_CHARS, CONTENT_MAX_BYTES), clock);
        Optional<AppInfo> app = Optional.of(
                new AppInfo(APP, true, List.of("secret"), REVOKE_WINDOW_SECONDS, 3600, false, null));
        revokeRules = new RevokeRules(messages, groups, appKey -> APP.equals(appKey) ? app : Optional.empty(), clock);
        // the participants as the server answers them: ConversationService reads only the memberships here
        ConversationService participants = new ConversationService();
        participants.groups = groups;
        readRules = new ReadRules(participants, new ConversationRepository() {
            @Override
            public List<UserConversation> ofUser(String appKey, String userId) {
                throw new AssertionError("a read looks at one conversation");
            }

            @Override
            public long lastSeq(String appKey, String conversationId) {
                return lastSeqs.getOrDefault(conversationId, 0L);
            }
        }, messages, clock);
        syncPlanner = new SyncPlanner(new ConversationRepository() {
            @Override
            public List<UserConversation> ofUser(String appKey, String userId) {
                return List.of(new UserConversation(pair, 3, 0, 0), new UserConversation("g:team", 2, 0, 0));
            }

            @Override
            public long lastSeq(String appKey, String conversationId) {
                throw new AssertionError("sync reads the last seqs with the conversations");
            }
        }, new CursorRepository() {
            @Override
            public Map<String, Cursor> cursorsOf(String appKey, String userId, String deviceId) {
                return Map.of();
            }

            @Override
            public void revokesSeen(Cursor.Key key, long count) {
            }
        }, messages, PAGE_MAX);
    }

    @DictionaryEntries({"\"toId\"", "\"chatType\"", "\"msgType\"", "\"content\"", "\"messageId\"", "\"appKey\"",
            "\"conversationId\"", "\"seq\"", "\"limit\"", "\"SINGLE\"", "\"GROUP\"", "\"TEXT\"", "\"IMAGE\"",
            "\"CUSTOM\"", "\"bob\"", "\"team\"", "\"hushed\"", "\"stage\"", "\"muted\"", "\"banned\"", "\"ak_fuzz\"",
            "\"s:alice:bob\"", "\"g:team\"", "\"g:stage\"", "\"m-s:alice:bob-1\"", "\"c-g:team-2\"", "null", "true",
            "1e400", "-0", "9223372036854775808", "\\ud800", "\\u0000"})
    @FuzzTest(maxDuration = "10m")
    void any_body_is_a_valid_command_or_a_4xx_refusal(byte[] input) {
        JsonObject body;
        try {
            body = Json.parseObject(input);
        } catch (ImException e) {
            assertRefusal(e);
            return;
        }
        NewMessage sent = decide(() -> sendRules.validate(alice, body));
        if (sent != null) {
            assertValidSend(sent);
        }
        RevokeRules.Revocation revoked = decide(() -> revokeRules.byUser(alice, body));
        if (revoked != null) {
            assertValidRevoke(revoked.message());
        }
        ReadRules.ReadPoint read = decide(() -> readRules.position(alice, body));
        if (read != null) {
            assertThat(read.upTo()).isBetween(1L, lastSeqs.getOrDefault(read.conversationId(), 0L));
            assertThat(read.peerId()).isEqualTo(ConversationId.isGroup(read.conversationId()) ? null : "bob");
        }
        Integer limit = decide(() -> syncPlanner.limit(alice, body));
        if (limit != null) {
            assertThat(limit).isBetween(1, PAGE_MAX);
            SyncPage page = syncPlanner.page(alice, "phone", limit, (cid, stored) -> stored);
            assertThat(page.messages().size()).isLessThanOrEqualTo(limit);
        }
    }

    /** What a destination decided: the accepted command, or null after checking the refusal is a clean 4xx. */
    private static <T> T decide(Supplier<T> destination) {
        try {
            return destination.get();
        } catch (ImException e) {
            assertRefusal(e);
            return null;
        }
    }

    private static void assertRefusal(ImException e) {
        assertThat(e.code()).as("%s: %s", e.error(), e.getMessage()).isBetween(400, 499);
        assertThat(e.getMessage()).isNotBlank();
    }

    private void assertValidSend(NewMessage m) {
        assertThat(m.appKey()).isEqualTo(APP);
        assertThat(m.fromId()).isEqualTo("alice");
        assertThat(Ids.valid(m.toId())).as("toId %s", m.toId()).isTrue();
        if (m.chatType() == ChatType.SINGLE) {
            assertThat(users.get(m.toId())).isNotNull().matches(UserStates.UserState::active);
            assertThat(m.conversationId()).isEqualTo(ConversationId.single("alice", m.toId()));
        } else {
            GroupMember seat = groups.member(APP, m.toId(), "alice").orElseThrow();
            assertThat(groups.activeGroup(APP, m.toId())).isPresent()
                    .hasValueSatisfying(g -> assertThat(g.isMutedAll() && !seat.canModerate()).isFalse());
            assertThat(m.conversationId()).isEqualTo(ConversationId.group(m.toId()));
        }
        if (m.msgType() == MsgType.TEXT) {
            assertThat(m.content().codePointCount(0, m.content().length())).isBetween(1, TEXT_MAX_CHARS);
        } else {
            assertThat(m.content().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(CONTENT_MAX_BYTES);
        }
        assertThat(m.clientMessageId()).isNotEmpty().hasSizeLessThanOrEqualTo(64)
                .doesNotContainPattern("\\p{Cntrl}");
        assertThat(m.createdAt()).isEqualTo(NOW);
    }

    /** alice may revoke her own messages within the window, and any of a group she moderates (stage). */
    private void assertValidRevoke(Message m) {
        assertThat(m.getAppKey()).isEqualTo(APP);
        boolean moderator = m.getChatType() == ChatType.GROUP
                && groups.member(APP, m.getToId(), "alice").map(GroupMember::canModerate).orElse(false);
        if (!moderator) {
            assertThat(m.getFromId()).isEqualTo("alice");
            assertThat(NOW - m.getCreatedAt()).isLessThanOrEqualTo(REVOKE_WINDOW_SECONDS * 1000);
        }
        List<String> visible = new ArrayList<>(List.of(ConversationId.single("alice", "bob"), "g:team", "g:stage"));
        assertThat(visible).contains(m.getConversationId());
    }
}
