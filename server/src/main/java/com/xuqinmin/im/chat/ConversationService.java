package com.xuqinmin.im.chat;

import com.xuqinmin.im.account.Ids;
import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.group.GroupMember;
import com.xuqinmin.im.group.Memberships;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading conversations: who is in one, their history page by page, and a user's conversation list
 * with last message and unread count ({@link Unread}). Nothing here changes a conversation; changes
 * go through {@link SendService}, {@link RevokeService} and {@link ReadService}, and the lanes.
 */
@ApplicationScoped
public class ConversationService implements Participants {

    /** The most messages one history page holds. */
    public static final int HISTORY_MAX = 100;
    private static final int HISTORY_DEFAULT = 20;

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    Memberships groups;

    @Inject
    GroupReads groupReads;

    @Inject
    MessageStore store;

    @Inject
    ConversationSettings settings;

    /** A page of history, newest first; {@code hasMore} when older messages remain. */
    public record HistoryPage(List<JsonObject> messages, boolean hasMore) {
    }

    /**
     * One conversation of a user's list: {@code peerId} for a single chat, {@code groupId} for a
     * group; {@code lastMessage} has the fields of a MESSAGE body; {@code readSeq} is the highest seq
     * any of the user's devices marked read.
     */
    public record ConversationView(String conversationId, String chatType, String peerId, String groupId,
            JsonObject lastMessage, long lastSeq, long readSeq, long unreadCount, boolean pinned, boolean muted) {
    }

    /** A page of conversations: the pinned ones first, each part the most recently active first. */
    public record ConversationPage(List<ConversationView> items, long total, int page, int size) {
    }

    /** Where a user stands in a conversation it is in: the peer of a single chat, or its group membership. */
    private record Participation(String peerId, long joinedSeq) {
    }

    /**
     * The other user of a single chat the caller is in, or {@code null} for a group it is a member
     * of; NOT_CONVERSATION_MEMBER for anything else — a malformed id and a group that does not exist
     * answer the same, so a stranger learns nothing about which groups exist.
     */
    @Override
    public String requireParticipant(Identity who, String conversationId) {
        return participation(who, conversationId).peerId();
    }

    private Participation participation(Identity who, String cid) {
        String groupId = cid == null ? null : ConversationId.groupOf(cid);
        if (groupId != null) {
            GroupMember m = Ids.valid(groupId) ? groups.member(who.appKey(), groupId, who.userId()).orElse(null) : null;
            if (m == null) {
                throw notMember(cid);
            }
            return new Participation(null, m.getJoinedSeq());
        }
        String[] pair = cid == null ? null : ConversationId.usersOf(cid);
        if (pair == null || !(pair[0].equals(who.userId()) || pair[1].equals(who.userId()))) {
            throw notMember(cid);
        }
        return new Participation(pair[0].equals(who.userId()) ? pair[1] : pair[0], 0);
    }

    private static ImException notMember(String cid) {
        return new ImException(ErrorCode.NOT_CONVERSATION_MEMBER, "not a member of conversation " + cid);
    }

    // ------------------------------------------------------------------ history

    /**
     * A conversation's messages before {@code beforeSeq} (the newest when absent), newest first, for
     * a user in it. A group member sees what was said since it joined, as sync does; a former member
     * sees nothing.
     */
    @Transactional
    public HistoryPage history(Identity who, String conversationId, Long beforeSeq, Integer limit) {
        requireConversationId(conversationId);
        return page(who.appKey(), conversationId, beforeSeq, limit, floorOf(who, conversationId), who.userId());
    }

    /**
     * The seq after which a user sees a conversation's messages: a group's since it joined, and a
     * conversation it deleted for itself only what came after; NOT_CONVERSATION_MEMBER when it is in
     * none of it (as {@link #requireParticipant}). History and search read with it.
     */
    @Transactional
    public long floorOf(Identity who, String conversationId) {
        Participation p = participation(who, conversationId);
        return Math.max(p.joinedSeq(), settings.clearedSeq(who.appKey(), who.userId(), conversationId));
    }

    /**
     * The server API's history: any conversation of the app, from its first message; every message
     * of a group with read receipts on carries its {@code readCount}.
     */
    @Transactional
    public HistoryPage historyOfApp(String appKey, String conversationId, Long beforeSeq, Integer limit) {
        requireConversationId(conversationId);
        String groupId = ConversationId.groupOf(conversationId);
        String[] pair = ConversationId.usersOf(conversationId);
        if (groupId != null ? !Ids.valid(groupId) : pair == null || !Ids.valid(pair[0]) || !Ids.valid(pair[1])) {
            throw new ImException(ErrorCode.VALIDATION_FAILED,
                    "conversationId must be s:{userA}:{userB} or g:{groupId}");
        }
        return page(appKey, conversationId, beforeSeq, limit, 0, null);
    }

    /**
     * A page of history; the group messages sent by {@code countsFor} (by anyone when {@code null})
     * carry their {@code readCount} when the group has read receipts on.
     */
    private HistoryPage page(String appKey, String cid, Long beforeSeq, Integer limit, long floorSeq,
            String countsFor) {
        if (beforeSeq != null && beforeSeq < 1) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "beforeSeq must be a positive integer");
        }
        int n = limit == null ? HISTORY_DEFAULT : limit;
        if (n < 1 || n > HISTORY_MAX) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "limit must be 1 to " + HISTORY_MAX);
        }
        List<StoredMessage> rows = store.before(appKey, cid, beforeSeq == null ? Long.MAX_VALUE : beforeSeq, floorSeq,
                n + 1);
        boolean more = rows.size() > n;
        List<StoredMessage> shown = rows.subList(0, Math.min(rows.size(), n));
        Map<String, Long> readCounts = groupReads.readCountsOf(appKey, countsFor, shown);
        List<JsonObject> out = new ArrayList<>(shown.size());
        for (StoredMessage m : shown) {
            out.add(MessageJson.object(m, readCounts.get(m.id())));
        }
        return new HistoryPage(out, more);
    }

    private static void requireConversationId(String cid) {
        if (cid == null || cid.isEmpty()) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "conversationId is required");
        }
    }

    // ------------------------------------------------------------------ the conversation list

    /** A user's single chats with a message, and that message; completed by a side of {@link Conversation#EITHER_USER}. */
    static final String SINGLES_WITH_LAST = "SELECT c.conversationId, c.lastSeq, m.createdAt, m.id FROM Conversation c, "
            + "Message m WHERE c.lastSeq > 0 AND m.appKey = c.appKey AND m.conversationId = c.conversationId "
            + "AND m.seq = c.lastSeq AND c.appKey = :a AND ";

    /** A user's read point in each of its conversations (over all its devices). */
    static final String READ_BY_CONVERSATION = "SELECT c.conversationId, MAX(c.readSeq) FROM Cursor c "
            + "WHERE c.appKey = :a AND c.userId = :u GROUP BY c.conversationId";

    /** What the list is sorted and paged by, before the page's details are read. */
    private record Row(String conversationId, long lastSeq, long joinedSeq, long lastAt, String lastId, boolean pinned) {
    }

    /**
     * The user's conversations that have a message it can see: its single chats, and the groups it
     * is a member of with a message since it joined; the most recently active first.
     */
    @Transactional
    public ConversationPage list(Identity who, int page, int size) {
        Map<String, ConversationSetting> mine = settings.of(who.appKey(), who.userId());
        List<Row> found = new ArrayList<>();
        for (String side : Conversation.EITHER_USER) {
            for (Object[] r : em.createQuery(SINGLES_WITH_LAST + side, Object[].class)
                    .setParameter("a", who.appKey()).setParameter("u", who.userId()).getResultList()) {
                found.add(new Row((String) r[0], ((Number) r[1]).longValue(), 0, ((Number) r[2]).longValue(),
                        (String) r[3], false));
            }
        }
        for (Object[] r : em.createQuery("SELECT c.conversationId, c.lastSeq, g.joinedSeq, m.createdAt, m.id "
                        + "FROM GroupMember g, Conversation c, Message m WHERE g.appKey = :a AND g.userId = :u "
                        + "AND c.appKey = g.appKey AND c.groupId = g.groupId AND c.lastSeq > g.joinedSeq "
                        + "AND m.appKey = c.appKey AND m.conversationId = c.conversationId AND m.seq = c.lastSeq",
                        Object[].class)
                .setParameter("a", who.appKey()).setParameter("u", who.userId()).getResultList()) {
            found.add(new Row((String) r[0], ((Number) r[1]).longValue(), ((Number) r[2]).longValue(),
                    ((Number) r[3]).longValue(), (String) r[4], false));
        }
        // the user's own settings: hidden and deleted-for-me conversations are left out until a new
        // message comes; what was cleared counts as seen; pinned ones go first
        List<Row> rows = new ArrayList<>(found.size());
        for (Row r : found) {
            ConversationSetting s = mine.get(r.conversationId());
            if (s == null) {
                rows.add(r);
            } else if (!s.hiddenAt(r.lastSeq()) && r.lastSeq() > s.getClearedSeq()) {
                rows.add(new Row(r.conversationId(), r.lastSeq(), Math.max(r.joinedSeq(), s.getClearedSeq()), r.lastAt(),
                        r.lastId(), s.isPinned()));
            }
        }
        // message ids are ULIDs: ordered by time within the app, so they break ties of the same millisecond
        rows.sort(Comparator.comparing(Row::pinned).thenComparingLong(Row::lastAt).thenComparing(Row::lastId)
                .reversed());
        int from = (int) Math.min((long) page * size, rows.size());
        List<Row> slice = rows.subList(from, Math.min(from + size, rows.size()));
        if (slice.isEmpty()) {
            return new ConversationPage(List.of(), rows.size(), page, size);
        }

        List<String> lastIds = new ArrayList<>(slice.size());
        for (Row r : slice) {
            lastIds.add(r.lastId());
        }
        Map<String, Message> last = new HashMap<>();
        for (Message m : em.createQuery("SELECT m FROM Message m WHERE m.id IN :ids", Message.class)
                .setParameter("ids", lastIds).getResultList()) {
            last.put(m.getId(), m);
        }
        // all of the user's cursors rather than "conversationId IN :c": H2 seeks an IN list only on an
        // index's first column, and counting it as a seek anyway it chose the conversation index and read
        // every cursor of the app
        Map<String, Long> read = maxByConversation(em.createQuery(READ_BY_CONVERSATION, Object[].class)
                .setParameter("a", who.appKey()).setParameter("u", who.userId()).getResultList());

        List<ConversationView> items = new ArrayList<>(slice.size());
        for (Row r : slice) {
            String cid = r.conversationId();
            String groupId = ConversationId.groupOf(cid);
            String peer = null;
            if (groupId == null) {
                String[] pair = ConversationId.usersOf(cid);
                peer = pair[0].equals(who.userId()) ? pair[1] : pair[0];
            }
            long readSeq = read.getOrDefault(cid, 0L);
            long unread = Unread.count(r.lastSeq(), readSeq, ownLatest(who, cid, r, readSeq, last.get(r.lastId())),
                    r.joinedSeq());
            ConversationSetting s = mine.get(cid);
            items.add(new ConversationView(cid, groupId == null ? ChatType.SINGLE.name() : ChatType.GROUP.name(), peer,
                    groupId, MessageJson.object(StoredMessage.of(last.get(r.lastId()), false)), r.lastSeq(), readSeq,
                    unread, r.pinned(), s != null && s.isMuted()));
        }
        return new ConversationPage(items, rows.size(), page, size);
    }

    /**
     * A conversation a user can read a message of: its last seq, and the seq after which the user
     * sees its messages ({@link #floorOf}: its join of a group, where it cleared the conversation).
     */
    public record Readable(String conversationId, long lastSeq, long floorSeq) {
    }

    /**
     * Every conversation with a message the user may read: its single chats, and the groups it is a
     * member of now with a message since it joined (a former member reads nothing of a group, as in
     * history); what it deleted for itself counts from where it cleared it. The badge and search read
     * with it.
     */
    @Transactional
    public List<Readable> readable(Identity who) {
        Map<String, ConversationSetting> mine = settings.of(who.appKey(), who.userId());
        List<Readable> rows = new ArrayList<>();
        for (String side : Conversation.EITHER_USER) {
            for (Object[] r : em.createQuery("SELECT c.conversationId, c.lastSeq FROM Conversation c WHERE c.lastSeq > 0 "
                    + "AND c.appKey = :a AND " + side, Object[].class)
                    .setParameter("a", who.appKey()).setParameter("u", who.userId()).getResultList()) {
                rows.add(readable(mine, (String) r[0], ((Number) r[1]).longValue(), 0));
            }
        }
        for (Object[] r : em.createQuery("SELECT c.conversationId, c.lastSeq, g.joinedSeq FROM GroupMember g, "
                        + "Conversation c WHERE g.appKey = :a AND g.userId = :u AND c.appKey = g.appKey "
                        + "AND c.groupId = g.groupId AND c.lastSeq > g.joinedSeq", Object[].class)
                .setParameter("a", who.appKey()).setParameter("u", who.userId()).getResultList()) {
            rows.add(readable(mine, (String) r[0], ((Number) r[1]).longValue(), ((Number) r[2]).longValue()));
        }
        return rows;
    }

    private static Readable readable(Map<String, ConversationSetting> mine, String cid, long lastSeq, long joinedSeq) {
        ConversationSetting s = mine.get(cid);
        return new Readable(cid, lastSeq, s == null ? joinedSeq : Math.max(joinedSeq, s.getClearedSeq()));
    }

    /**
     * The user's unread messages over all its conversations, as the list counts them (a push's badge);
     * the conversations it deleted for itself count from where it cleared them.
     */
    @Transactional
    public long totalUnread(String appKey, String userId) {
        Identity who = new Identity(appKey, userId);
        Map<String, Long> read = maxByConversation(em.createQuery(READ_BY_CONVERSATION, Object[].class)
                .setParameter("a", appKey).setParameter("u", userId).getResultList());
        long total = 0;
        for (Readable r : readable(who)) {
            Row seen = new Row(r.conversationId(), r.lastSeq(), r.floorSeq(), 0, null, false);
            long readSeq = read.getOrDefault(r.conversationId(), 0L);
            total += Unread.count(r.lastSeq(), readSeq, ownLatest(who, r.conversationId(), seen, readSeq, null),
                    r.floorSeq());
        }
        return total;
    }

    /** The user's latest message in a conversation after seq {@code :s}, if any. */
    static final String OWN_LATEST_AFTER = "SELECT MAX(m.seq) FROM Message m WHERE m.appKey = :a "
            + "AND m.conversationId = :c AND m.seq > :s AND m.fromId = :u";

    /**
     * The seq of the user's own latest message where it matters to the unread count: 0 when it is
     * not after what the user has seen anyway. Read from the conversation's seq index over the unread
     * range only (no index by sender: it cost every message an index entry, migration V7), and not
     * at all when the last message is the user's.
     */
    private long ownLatest(Identity who, String cid, Row r, long readSeq, Message lastMessage) {
        long seen = Math.max(readSeq, r.joinedSeq());
        if (r.lastSeq() <= seen) {
            return 0;
        }
        if (lastMessage != null && lastMessage.getFromId().equals(who.userId())) {
            return r.lastSeq();
        }
        Long own = em.createQuery(OWN_LATEST_AFTER, Long.class)
                .setParameter("a", who.appKey()).setParameter("c", cid).setParameter("s", seen)
                .setParameter("u", who.userId()).getSingleResult();
        return own == null ? 0 : own;
    }

    private static Map<String, Long> maxByConversation(List<Object[]> rows) {
        Map<String, Long> out = new HashMap<>(rows.size() * 2);
        for (Object[] r : rows) {
            if (r[1] != null) {
                out.put((String) r[0], ((Number) r[1]).longValue());
            }
        }
        return out;
    }
}
