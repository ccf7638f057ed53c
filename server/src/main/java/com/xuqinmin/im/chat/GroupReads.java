package com.xuqinmin.im.chat;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.group.GroupMember;
import com.xuqinmin.im.group.GroupService;
import com.xuqinmin.im.platform.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Group read receipts (API.md §4, PROTOCOL.md READ_COUNT): who of a group read one of its messages,
 * from the members' read points (the highest read seq over their devices). A message counts the
 * members who could see it (joined before it) other than its sender; a member who left is not
 * counted. A group with read receipts off answers READ_RECEIPTS_OFF.
 */
@ApplicationScoped
public class GroupReads {

    /** The most messages of one sender a READ_COUNT update carries (the newest of the read range). */
    static final int LIVE_MAX_MESSAGES = 200;

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    GroupService groups;

    /** A member in a reads page, with its read point in the group. */
    public record Reader(String userId, long readSeq) {
    }

    /** A page of who read ({@code status=read}) or did not read ({@code unread}) message {@code seq}. */
    public record ReadsPage(String groupId, long seq, String fromId, String status, long readCount, long unreadCount,
            List<Reader> items, long total, int page, int size) {
    }

    /** A member as read receipts see it: since when it sees the group, and how far it read. */
    private record MemberRead(String userId, long joinedSeq, long readSeq) {
        boolean counts(long seq, String senderId) {
            return joinedSeq < seq && !userId.equals(senderId);
        }
    }

    /**
     * Who read message {@code seq} of the group ({@code status} "read", the default) or not ("unread"),
     * ordered by user id. {@code asUser} is the member asking ({@code null}: the app's back-end); a
     * member asking about a message from before it joined gets MESSAGE_NOT_FOUND, as in its history.
     */
    @Transactional
    public ReadsPage reads(String appKey, String groupId, String asUser, long seq, String status, int page, int size) {
        String st = status == null || status.isEmpty() ? "read" : status;
        if (!st.equals("read") && !st.equals("unread")) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "status must be read or unread");
        }
        if (seq < 1) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "seq must be a positive integer");
        }
        boolean on = groups.readReceipts(appKey, groupId); // GROUP_NOT_FOUND first
        String cid = ConversationId.group(groupId);
        if (asUser != null) {
            GroupMember me = em.find(GroupMember.class, new GroupMember.Key(appKey, groupId, asUser));
            if (me == null) {
                throw new ImException(ErrorCode.NOT_GROUP_MEMBER, "not a member of group " + groupId);
            }
            if (me.getJoinedSeq() >= seq) {
                throw notFound(groupId, seq);
            }
        }
        if (!on) {
            throw new ImException(ErrorCode.READ_RECEIPTS_OFF, "read receipts are off in group " + groupId);
        }
        List<String> from = em.createQuery("SELECT m.fromId FROM Message m WHERE m.appKey = :a AND m.conversationId = :c "
                        + "AND m.seq = :s", String.class)
                .setParameter("a", appKey).setParameter("c", cid).setParameter("s", seq).getResultList();
        if (from.isEmpty()) {
            throw notFound(groupId, seq);
        }
        String sender = from.get(0);
        List<Reader> read = new ArrayList<>();
        List<Reader> unread = new ArrayList<>();
        for (MemberRead m : members(appKey, groupId)) {
            if (m.counts(seq, sender)) {
                (m.readSeq() >= seq ? read : unread).add(new Reader(m.userId(), m.readSeq()));
            }
        }
        List<Reader> all = st.equals("read") ? read : unread;
        int fromIndex = (int) Math.min((long) page * size, all.size());
        List<Reader> items = List.copyOf(all.subList(fromIndex, Math.min(fromIndex + size, all.size())));
        return new ReadsPage(groupId, seq, sender, st, read.size(), unread.size(), items, all.size(), page, size);
    }

    /**
     * How many members read each of {@code seqs}, messages {@code senderId} sent to the group, or
     * empty when the group has read receipts off (or is gone).
     */
    @Transactional
    public Optional<Map<Long, Long>> readCounts(String appKey, String groupId, String senderId, Collection<Long> seqs) {
        if (seqs.isEmpty() || !receiptsOn(appKey, groupId)) {
            return Optional.empty();
        }
        List<MemberRead> members = members(appKey, groupId);
        Map<Long, Long> out = new LinkedHashMap<>();
        for (long seq : seqs) {
            out.put(seq, readers(members, seq, senderId));
        }
        return Optional.of(out);
    }

    /**
     * The {@code readCount} of each group message of {@code messages} sent by {@code senderId} (by
     * anyone when {@code null}: the app's back-end reading a history) in a group with read receipts
     * on, by message id; the others, single-chat messages included, are not in the map. Two queries
     * per group that has such a message.
     */
    @Transactional
    public Map<String, Long> readCountsOf(String appKey, String senderId, Collection<StoredMessage> messages) {
        Map<String, List<StoredMessage>> byGroup = new LinkedHashMap<>();
        for (StoredMessage m : messages) {
            String groupId = ConversationId.groupOf(m.conversationId());
            if (groupId != null && (senderId == null || senderId.equals(m.fromId()))) {
                byGroup.computeIfAbsent(groupId, g -> new ArrayList<>()).add(m);
            }
        }
        Map<String, Long> out = new HashMap<>();
        byGroup.forEach((groupId, mine) -> {
            if (receiptsOn(appKey, groupId)) {
                List<MemberRead> members = members(appKey, groupId);
                for (StoredMessage m : mine) {
                    out.put(m.id(), readers(members, m.seq(), m.fromId()));
                }
            }
        });
        return out;
    }

    private static long readers(List<MemberRead> members, long seq, String senderId) {
        long n = 0;
        for (MemberRead m : members) {
            if (m.counts(seq, senderId) && m.readSeq() >= seq) {
                n++;
            }
        }
        return n;
    }

    /**
     * The READ_COUNT update of {@code senderId}'s messages in {@code (afterSeq, uptoSeq]} of a group
     * (the newest {@link #LIVE_MAX_MESSAGES} of them), or empty when there are none or read receipts are off.
     */
    @Transactional
    public Optional<String> readCountUpdate(String appKey, String conversationId, String senderId, long afterSeq,
            long uptoSeq) {
        String groupId = ConversationId.groupOf(conversationId);
        if (groupId == null) {
            return Optional.empty();
        }
        List<Long> seqs = em.createQuery("SELECT m.seq FROM Message m WHERE m.appKey = :a AND m.conversationId = :c "
                        + "AND m.fromId = :f AND m.seq > :lo AND m.seq <= :hi ORDER BY m.seq DESC", Long.class)
                .setParameter("a", appKey).setParameter("c", conversationId).setParameter("f", senderId)
                .setParameter("lo", afterSeq).setParameter("hi", uptoSeq).setMaxResults(LIVE_MAX_MESSAGES)
                .getResultList();
        if (seqs.isEmpty()) {
            return Optional.empty();
        }
        List<Long> ascending = new ArrayList<>(seqs);
        java.util.Collections.reverse(ascending);
        return readCounts(appKey, groupId, senderId, ascending).map(counts -> {
            StringBuilder sb = new StringBuilder(96 + 32 * counts.size());
            sb.append('{');
            Json.field(sb, "type", "READ_COUNT");
            Json.field(sb, "conversationId", conversationId);
            Json.field(sb, "groupId", groupId);
            sb.append(",\"counts\":[");
            boolean first = true;
            for (Map.Entry<Long, Long> e : counts.entrySet()) {
                sb.append(first ? "" : ",").append("{\"seq\":").append(e.getKey()).append(",\"readCount\":")
                        .append(e.getValue()).append('}');
                first = false;
            }
            return sb.append("]}").toString();
        });
    }

    private boolean receiptsOn(String appKey, String groupId) {
        try {
            return groups.readReceipts(appKey, groupId);
        } catch (ImException gone) {
            return false;
        }
    }

    /** Every member of the group with its read point: two queries, whatever the group's size. */
    private List<MemberRead> members(String appKey, String groupId) {
        Map<String, Long> readOf = new HashMap<>();
        for (Object[] r : em.createQuery("SELECT c.userId, MAX(c.readSeq) FROM Cursor c WHERE c.appKey = :a "
                        + "AND c.conversationId = :c GROUP BY c.userId", Object[].class)
                .setParameter("a", appKey).setParameter("c", ConversationId.group(groupId)).getResultList()) {
            readOf.put((String) r[0], r[1] == null ? 0L : ((Number) r[1]).longValue());
        }
        List<MemberRead> out = new ArrayList<>();
        for (Object[] r : em.createQuery("SELECT m.userId, m.joinedSeq FROM GroupMember m WHERE m.appKey = :a "
                        + "AND m.groupId = :g ORDER BY m.userId", Object[].class)
                .setParameter("a", appKey).setParameter("g", groupId).getResultList()) {
            String u = (String) r[0];
            out.add(new MemberRead(u, ((Number) r[1]).longValue(), readOf.getOrDefault(u, 0L)));
        }
        return out;
    }

    private static ImException notFound(String groupId, long seq) {
        return new ImException(ErrorCode.MESSAGE_NOT_FOUND, "no message " + seq + " in group " + groupId);
    }
}
