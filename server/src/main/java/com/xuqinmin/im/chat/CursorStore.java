package com.xuqinmin.im.chat;

import com.xuqinmin.im.group.GroupMember;
import com.xuqinmin.im.notice.NoticeService;
import com.xuqinmin.im.platform.Json;
import com.xuqinmin.im.webhook.HookEvent;
import com.xuqinmin.im.webhook.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and advances the per-device cursors of {@link Cursor} (the JPA {@link CursorRepository}). */
@ApplicationScoped
public class CursorStore implements CursorRepository {

    @PersistenceContext(unitName = "im")
    EntityManager em;

    /** Null in a unit test's store, without CDI. */
    @Inject
    Outbox outbox;

    /** Above this many users of one conversation in a flush, all its cursors are read at once. */
    private static final int WHOLE_CONVERSATION = 100;

    /** A request to record that a device received {@code [from, to]} of a conversation. */
    public record Advance(Cursor.Key key, long from, long to) {
    }

    /**
     * Applies each advance that continues the stored cursor (the stored value is at least
     * {@code from - 1}); returns, aligned with the input, whether each one is now settled (applied,
     * or already covered). An advance that would skip a gap is left unsettled.
     *
     * <p>The common case, a cursor row that exists and continues, is one guarded {@code UPDATE} per
     * advance, all sent as one JDBC batch on the transaction's connection: a flush of thousands of
     * cursors costs one round trip and no entity loading (bench/ showed the entity path as the
     * busiest code of a 1,000-member group). What the batch did not update (no row yet, already
     * covered, or a gap) goes through the entities.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean[] applyDelivered(List<Advance> advances) {
        boolean[] settled = new boolean[advances.size()];
        long now = System.currentTimeMillis();
        List<Integer> rest = new ArrayList<>();
        int[] counts = updateContinuing(advances, now);
        for (int i = 0; i < advances.size(); i++) {
            if (counts[i] == 1) {
                settled[i] = true;
            } else {
                rest.add(i);
            }
        }
        if (rest.isEmpty()) {
            return settled;
        }
        List<Advance> others = new ArrayList<>(rest.size());
        rest.forEach(i -> others.add(advances.get(i)));
        prefetch(others);
        for (int i : rest) {
            Advance a = advances.get(i);
            Cursor c = em.find(Cursor.class, a.key());
            long base = c != null ? c.getDeliveredSeq() : baseline(a.key());
            if (c != null && base < a.from() - 1) {
                // a member that left and came back: its old cursor is below the new join point, and
                // nothing before that point will ever be delivered to fill the gap
                base = Math.max(base, baseline(a.key()));
            }
            if (base >= a.to()) {
                settled[i] = true;
            } else if (base >= a.from() - 1) {
                if (c == null) {
                    c = new Cursor(a.key().appKey, a.key().userId, a.key().deviceId, a.key().conversationId, now);
                    c.setRevokesSeen(revokesBefore(a.key(), a.from()));
                    em.persist(c);
                }
                c.setDeliveredSeq(a.to(), now);
                settled[i] = true;
            }
        }
        return settled;
    }

    /**
     * The guarded updates of {@link #applyDelivered} as one JDBC batch; answers the row count of each
     * (1 when applied; anything else, including a driver that reports no count, sends the advance
     * through the entities).
     */
    private int[] updateContinuing(List<Advance> advances, long now) {
        Connection connection = TxConnection.of(em);
        if (connection == null) {
            // a JPA provider that does not hand out its connection: every advance takes the entity path
            return new int[advances.size()];
        }
        try (PreparedStatement ps = connection.prepareStatement("UPDATE im_cursor SET delivered_seq = ?, updated_at = ? "
                + "WHERE app_key = ? AND user_id = ? AND device_id = ? AND conversation_id = ? "
                + "AND delivered_seq >= ? AND delivered_seq < ?")) {
            for (Advance a : advances) {
                ps.setLong(1, a.to());
                ps.setLong(2, now);
                ps.setString(3, a.key().appKey);
                ps.setString(4, a.key().userId);
                ps.setString(5, a.key().deviceId);
                ps.setString(6, a.key().conversationId);
                ps.setLong(7, a.from() - 1);
                ps.setLong(8, a.to());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            return counts.length == advances.size() ? counts : new int[advances.size()];
        } catch (SQLException e) {
            throw new PersistenceException("could not advance delivered cursors", e);
        }
    }

    /**
     * Loads the existing cursors of a batch with one query per conversation and 500 users (or the
     * whole conversation's when the batch holds many of its users), so the
     * {@code em.find} of each advance is answered from the persistence context (there is no shared
     * entity cache). A group message delivered to 1,000 members otherwise cost 1,000 selects per
     * flush: bench/'s group run showed this flush as the server's busiest application code.
     */
    private void prefetch(List<Advance> advances) {
        Map<List<String>, Set<String>> usersByConversation = new HashMap<>();
        for (Advance a : advances) {
            usersByConversation.computeIfAbsent(List.of(a.key().appKey, a.key().conversationId),
                    k -> new LinkedHashSet<>()).add(a.key().userId);
        }
        usersByConversation.forEach((conversation, users) -> {
            if (users.size() < 2) {
                return;
            }
            if (users.size() > WHOLE_CONVERSATION && !NoticeService.CURSOR.equals(conversation.get(1))) {
                // most of a large group: reading all its cursors is cheaper than matching a long IN list
                // (not the notice cursors: every user of the app has one)
                em.createQuery("SELECT c FROM Cursor c WHERE c.appKey = :a AND c.conversationId = :c", Cursor.class)
                        .setParameter("a", conversation.get(0)).setParameter("c", conversation.get(1))
                        .getResultList();
                return;
            }
            List<String> ids = new ArrayList<>(users);
            for (int i = 0; i < ids.size(); i += 500) {
                em.createQuery("SELECT c FROM Cursor c WHERE c.appKey = :a AND c.conversationId = :c "
                                + "AND c.userId IN :u", Cursor.class)
                        .setParameter("a", conversation.get(0)).setParameter("c", conversation.get(1))
                        .setParameter("u", ids.subList(i, Math.min(ids.size(), i + 500))).getResultList();
            }
        });
    }

    /**
     * Where a device with no cursor row stands: 0 for a single chat, the join point for a group
     * (a member does not receive what was said before it joined).
     */
    @Transactional
    public long baseline(Cursor.Key key) {
        String groupId = ConversationId.groupOf(key.conversationId);
        if (groupId == null) {
            return 0;
        }
        GroupMember m = em.find(GroupMember.class, new GroupMember.Key(key.appKey, groupId, key.userId));
        return m == null ? Long.MAX_VALUE : m.getJoinedSeq();
    }

    /** The first revoke of a conversation that concerns a message from seq {@code :s} on. */
    static final String FIRST_REVOKE_FROM = "SELECT MIN(r.revokeNo) FROM RevokeMark r WHERE r.appKey = :a "
            + "AND r.conversationId = :c AND r.seq >= :s";

    /**
     * Where a new cursor's revoke count starts: the revokes the device cannot have missed. A revoke
     * of a message from {@code firstSeq} on (the messages this device had) may have come while it
     * was offline, since the cursor row is written up to a second after the delivery; those are
     * left for its next sync to tell. Earlier revokes concern messages it never had. The count is
     * read before the query, so a revoke committing in between is told rather than skipped.
     */
    private long revokesBefore(Cursor.Key key, long firstSeq) {
        Conversation conv = em.find(Conversation.class, new Conversation.Key(key.appKey, key.conversationId));
        long count = conv == null ? 0 : conv.getRevokeCount();
        if (count == 0) {
            return 0;
        }
        Long first = em.createQuery(FIRST_REVOKE_FROM, Long.class)
                .setParameter("a", key.appKey).setParameter("c", key.conversationId).setParameter("s", firstSeq)
                .getSingleResult();
        return first == null ? count : Math.min(count, first - 1);
    }

    /** The delivered cursors of one device, by conversation id. */
    @Transactional
    public Map<String, Long> deliveredOf(String appKey, String userId, String deviceId) {
        Map<String, Long> out = new HashMap<>();
        for (Map.Entry<String, Cursor> e : cursorsOf(appKey, userId, deviceId).entrySet()) {
            out.put(e.getKey(), e.getValue().getDeliveredSeq());
        }
        return out;
    }

    @Override
    @Transactional
    public Map<String, Cursor> cursorsOf(String appKey, String userId, String deviceId) {
        List<Cursor> rows = em.createQuery("SELECT c FROM Cursor c WHERE c.appKey = :a AND c.userId = :u "
                        + "AND c.deviceId = :d", Cursor.class)
                .setParameter("a", appKey).setParameter("u", userId).setParameter("d", deviceId)
                .getResultList();
        Map<String, Cursor> out = new HashMap<>(rows.size() * 2);
        for (Cursor c : rows) {
            out.put(c.getConversationId(), c);
        }
        return out;
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void revokesSeen(Cursor.Key key, long count) {
        Cursor c = em.find(Cursor.class, key);
        if (c != null && c.getRevokesSeen() < count) {
            c.setRevokesSeen(count);
        }
    }

    /** The devices a user has cursors for. */
    @Transactional
    public List<String> devicesOf(String appKey, String userId) {
        return em.createQuery("SELECT DISTINCT c.deviceId FROM Cursor c WHERE c.appKey = :a AND c.userId = :u",
                String.class).setParameter("a", appKey).setParameter("u", userId).getResultList();
    }

    /** Deletes every cursor (delivered and read position) of one device of a user; answers how many. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int deleteDevice(String appKey, String userId, String deviceId) {
        return em.createQuery("DELETE FROM Cursor c WHERE c.appKey = :a AND c.userId = :u AND c.deviceId = :d")
                .setParameter("a", appKey).setParameter("u", userId).setParameter("d", deviceId).executeUpdate();
    }

    /** The highest read seq over all devices of a user in a conversation (0 when none). */
    @Transactional
    public long readOf(String appKey, String userId, String conversationId) {
        Long max = em.createQuery("SELECT MAX(c.readSeq) FROM Cursor c WHERE c.appKey = :a AND c.userId = :u "
                        + "AND c.conversationId = :c", Long.class)
                .setParameter("a", appKey).setParameter("u", userId).setParameter("c", conversationId)
                .getSingleResult();
        return max == null ? 0 : max;
    }

    /**
     * Marks the conversation read up to {@code seq} on one device. Returns the user's read point
     * over all devices before this call, so the caller can tell who should hear about it.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long markRead(Cursor.Key key, long seq) {
        long before = readOf(key.appKey, key.userId, key.conversationId);
        long now = System.currentTimeMillis();
        Cursor c = em.find(Cursor.class, key);
        if (c == null) {
            c = new Cursor(key.appKey, key.userId, key.deviceId, key.conversationId, now);
            em.persist(c);
        }
        if (seq > c.getReadSeq()) {
            c.setReadSeq(seq, now);
        }
        // the user's read point moved: the afterReadMessage webhook event, in this transaction
        if (seq > before && outbox != null && outbox.wants(key.appKey, HookEvent.AFTER_READ_MESSAGE)) {
            StringBuilder sb = new StringBuilder(128).append('{');
            Json.field(sb, "userId", key.userId);
            Json.field(sb, "deviceId", key.deviceId);
            Json.field(sb, "conversationId", key.conversationId);
            Json.field(sb, "readSeq", seq);
            Json.field(sb, "readAt", now);
            outbox.add(key.appKey, HookEvent.AFTER_READ_MESSAGE, key.conversationId, sb.substring(1));
        }
        return before;
    }
}
