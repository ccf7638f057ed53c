package com.xuqinmin.im.chat;

import com.xuqinmin.im.webhook.HookEvent;
import com.xuqinmin.im.webhook.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stores and reads messages (the JPA {@link MessageRepository}). {@link #storeBatch} is the group commit of one lane: every message
 * of the batch gets its seq and is inserted in one transaction, with the inserts batched.
 */
@ApplicationScoped
public class MessageStore implements MessageRepository {

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    Outbox outbox;

    /**
     * Stores a batch in one transaction. Results are aligned with the input; a message whose
     * (appKey, fromId, clientMessageId) already appeared earlier in the batch is answered with the
     * earlier one, marked duplicate. A duplicate of a message stored before this batch makes the
     * transaction fail on the unique key; the caller then stores the batch one by one.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<StoredMessage> storeBatch(List<NewMessage> batch) {
        return store(batch);
    }

    /** Stores one message, or answers the message already stored under its client id. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public StoredMessage storeOne(NewMessage m) {
        Optional<Message> existing = findByClientId(m.appKey(), m.fromId(), m.clientMessageId());
        if (existing.isPresent()) {
            return StoredMessage.of(existing.get(), true);
        }
        return store(List.of(m)).get(0);
    }

    /**
     * Stores a unit (a STOMP transaction) in one transaction: messages already stored under their
     * client id are answered as duplicates, the others are all stored or none is.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<StoredMessage> storeUnit(List<NewMessage> unit) {
        StoredMessage[] out = new StoredMessage[unit.size()];
        List<NewMessage> fresh = new ArrayList<>(unit.size());
        List<Integer> freshIndex = new ArrayList<>(unit.size());
        for (int i = 0; i < unit.size(); i++) {
            NewMessage m = unit.get(i);
            Optional<Message> existing = findByClientId(m.appKey(), m.fromId(), m.clientMessageId());
            if (existing.isPresent()) {
                out[i] = StoredMessage.of(existing.get(), true);
            } else {
                fresh.add(m);
                freshIndex.add(i);
            }
        }
        List<StoredMessage> stored = store(fresh);
        for (int k = 0; k < stored.size(); k++) {
            out[freshIndex.get(k)] = stored.get(k);
        }
        return List.of(out);
    }

    private List<StoredMessage> store(List<NewMessage> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        // in-batch duplicates answer with the first occurrence
        Map<String, Integer> firstByKey = new HashMap<>();
        int[] firstOf = new int[batch.size()];
        Map<String, List<Integer>> byConversation = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            NewMessage m = batch.get(i);
            Integer first = firstByKey.putIfAbsent(m.dedupeKey(), i);
            firstOf[i] = first == null ? i : first;
            if (first == null) {
                // by app and conversation: one lane's batch may hold the same conversation id of two
                // apps ("s:1:2"), which are two conversations with a seq counter each
                byConversation.computeIfAbsent(m.appKey() + '\u0000' + m.conversationId(), k -> new ArrayList<>(4))
                        .add(i);
            }
        }
        // allocate every conversation's range first, then insert: keeps the inserts in one JDBC batch;
        // conversations in key order, so two transactions lock their rows in the same order
        long[] seqOf = new long[batch.size()];
        List<List<Integer>> groups = new ArrayList<>(byConversation.values());
        groups.sort(Comparator.comparing((List<Integer> idx) -> batch.get(idx.get(0)).appKey())
                .thenComparing(idx -> batch.get(idx.get(0)).conversationId()));
        List<Conversation> templates = new ArrayList<>(groups.size());
        int[] counts = new int[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            templates.add(batch.get(groups.get(g).get(0)).conversationTemplate());
            counts[g] = groups.get(g).size();
        }
        long[] firsts = Sequences.allocateAll(em, templates, counts);
        for (int g = 0; g < groups.size(); g++) {
            List<Integer> idx = groups.get(g);
            for (int k = 0; k < idx.size(); k++) {
                seqOf[idx.get(k)] = firsts[g] + k;
            }
        }
        StoredMessage[] out = new StoredMessage[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            if (firstOf[i] != i) {
                continue;
            }
            NewMessage n = batch.get(i);
            Message m = new Message(n.id(), n.appKey(), n.conversationId(), seqOf[i], n.fromId(), n.toId(),
                    n.chatType(), n.msgType(), n.content(), n.clientMessageId(), n.createdAt());
            em.persist(m);
            out[i] = StoredMessage.of(m, false);
            after(HookEvent.AFTER_SEND_MESSAGE, out[i]);
        }
        for (int i = 0; i < batch.size(); i++) {
            if (firstOf[i] != i) {
                out[i] = out[firstOf[i]].asDuplicate();
            }
        }
        em.flush();
        return List.of(out);
    }

    @Override
    @Transactional
    public Optional<Message> findByClientId(String appKey, String fromId, String clientMessageId) {
        return em.createQuery("SELECT m FROM Message m WHERE m.appKey = :a AND m.fromId = :f "
                        + "AND m.clientMessageId = :c", Message.class)
                .setParameter("a", appKey).setParameter("f", fromId).setParameter("c", clientMessageId)
                .getResultStream().findFirst();
    }

    @Override
    @Transactional
    public Optional<Message> find(String appKey, String id) {
        Message m = em.find(Message.class, id);
        return m != null && m.getAppKey().equals(appKey) ? Optional.of(m) : Optional.empty();
    }

    /** The outcome of {@link #revoke}: the stored state, and whether this call is the one that revoked it. */
    public record Revoked(StoredMessage message, boolean changed) {
    }

    /**
     * Marks a message revoked; revoking twice changes nothing and answers the stored state, and so
     * does revoking a message whose content was erased (it has nothing left to revoke).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Revoked revoke(String id, long now) {
        Message m = em.find(Message.class, id);
        boolean changed = m.getStatus() == Message.Status.SENT;
        if (changed) {
            m.revoke(now);
            // whatever this node read: another node's edit may have added versions meanwhile
            forgetVersions(List.of(m.getId()));
            long no = Sequences.nextRevokeNo(em, m.getAppKey(), m.getConversationId());
            em.persist(new RevokeMark(m.getAppKey(), m.getConversationId(), no, m.getSeq()));
        }
        StoredMessage revoked = StoredMessage.of(m, false);
        if (changed) {
            after(HookEvent.AFTER_REVOKE_MESSAGE, revoked);
        }
        return new Revoked(revoked, changed);
    }

    /** The outcome of {@link #edit}: the stored state, and whether this call is the one that edited it. */
    public record Edited(StoredMessage message, boolean changed) {
    }

    /** One version of a message's content: 0 the original, then one per edit. */
    public record Version(int version, String content, long editedAt, String editId) {
    }

    /**
     * Replaces a message's content, keeping every version in {@code im_message_edit} (the original
     * becomes version 0 at the first edit). An edit whose {@code editId} this message has already had
     * changes nothing and answers the stored state. A message revoked or erased meanwhile is refused.
     * The afterEditMessage event goes to the outbox in the same transaction.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Edited edit(String id, String content, long now, String editId) {
        // locked: the lane orders this node's edits and revokes of the conversation, the row lock
        // those of the other nodes, so an edit never numbers a version twice or revives a revoked row
        Message m = em.find(Message.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (editId != null && !em.createNativeQuery("SELECT version FROM im_message_edit WHERE message_id = ?1 "
                + "AND edit_id = ?2").setParameter(1, id).setParameter(2, editId).getResultList().isEmpty()) {
            return new Edited(StoredMessage.of(m, true), false);
        }
        if (m.getStatus() != Message.Status.SENT) {
            throw EditRules.revoked(m);
        }
        if (m.getEditCount() == 0) {
            insertVersion(m, 0, m.getContent(), m.getCreatedAt(), null);
        }
        m.edit(content, now);
        insertVersion(m, m.getEditCount(), content, now, editId);
        // numbered with the revokes: a device that already had the message and was away gets it
        // again, edited, at its next sync, as it would a revoke
        long no = Sequences.nextRevokeNo(em, m.getAppKey(), m.getConversationId());
        em.persist(new RevokeMark(m.getAppKey(), m.getConversationId(), no, m.getSeq()));
        StoredMessage edited = StoredMessage.of(m, false);
        after(HookEvent.AFTER_EDIT_MESSAGE, edited);
        return new Edited(edited, true);
    }

    private void insertVersion(Message m, int version, String content, long at, String editId) {
        em.createNativeQuery("INSERT INTO im_message_edit (message_id, version, app_key, content, edited_at, edit_id) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, m.getId()).setParameter(2, version).setParameter(3, m.getAppKey())
                .setParameter(4, content).setParameter(5, at).setParameter(6, editId).executeUpdate();
    }

    /** Every version of a message's content, oldest first; empty for a message never edited. */
    @Transactional
    public List<Version> versions(String id) {
        List<?> rows = em.createNativeQuery("SELECT version, content, edited_at, edit_id FROM im_message_edit "
                + "WHERE message_id = ?1 ORDER BY version").setParameter(1, id).getResultList();
        List<Version> out = new ArrayList<>(rows.size());
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            out.add(new Version(((Number) r[0]).intValue(), (String) r[1], ((Number) r[2]).longValue(), (String) r[3]));
        }
        return out;
    }

    /** Forgets the earlier versions of messages whose content is erased (a revoke, a data deletion). */
    private void forgetVersions(List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("DELETE FROM im_message_edit WHERE message_id IN (");
        for (int i = 1; i <= ids.size(); i++) {
            sql.append(i == 1 ? "?" : ", ?").append(i);
        }
        var q = em.createNativeQuery(sql.append(')').toString());
        for (int i = 0; i < ids.size(); i++) {
            q.setParameter(i + 1, ids.get(i));
        }
        q.executeUpdate();
    }

    /**
     * Puts the after-event of a message into the webhook outbox, in this transaction (the group
     * commit's, the revoke's), when its app wants it: the event exists exactly when the fact does.
     */
    private void after(HookEvent event, StoredMessage m) {
        if (outbox != null && outbox.wants(m.appKey(), event)) { // null: a unit test's store, without CDI
            outbox.add(m.appKey(), event, m.conversationId(), "\"message\":" + MessageJson.message(m));
        }
    }

    /**
     * The messages revoked or edited after a conversation's {@code :n}-th revoke or edit (they are
     * numbered together), up to seq {@code :s}, in that order.
     */
    static final String REVOKED_SINCE = "SELECT m FROM RevokeMark r, Message m WHERE r.appKey = :a "
            + "AND r.conversationId = :c AND r.revokeNo > :n AND r.seq <= :s AND m.appKey = r.appKey "
            + "AND m.conversationId = r.conversationId AND m.seq = r.seq ORDER BY r.revokeNo";

    /**
     * Messages up to {@code uptoSeq} revoked after the {@code seen}-th revoke of the conversation:
     * the ones a device already had, and must now be told were revoked.
     */
    @Override
    @Transactional
    public List<StoredMessage> revokedSince(String appKey, String conversationId, long seen, long uptoSeq, int limit) {
        return em.createQuery(REVOKED_SINCE, Message.class)
                .setParameter("a", appKey).setParameter("c", conversationId).setParameter("n", seen)
                .setParameter("s", uptoSeq).setMaxResults(limit).getResultList().stream()
                .map(m -> StoredMessage.of(m, false)).toList();
    }

    /** Messages of a conversation after {@code afterSeq}, oldest first, at most {@code limit}. */
    @Override
    @Transactional
    public List<StoredMessage> after(String appKey, String conversationId, long afterSeq, int limit) {
        List<Message> rows = em.createQuery("SELECT m FROM Message m WHERE m.appKey = :a AND m.conversationId = :c "
                        + "AND m.seq > :s ORDER BY m.seq", Message.class)
                .setParameter("a", appKey).setParameter("c", conversationId).setParameter("s", afterSeq)
                .setMaxResults(limit)
                .getResultList();
        List<StoredMessage> out = new ArrayList<>(rows.size());
        for (Message m : rows) {
            out.add(StoredMessage.of(m, false));
        }
        return out;
    }

    /** Messages of a conversation in {@code (afterSeq, beforeSeq)}, newest first, at most {@code limit}. */
    @Transactional
    public List<StoredMessage> before(String appKey, String conversationId, long beforeSeq, long afterSeq, int limit) {
        List<Message> rows = em.createQuery("SELECT m FROM Message m WHERE m.appKey = :a AND m.conversationId = :c "
                        + "AND m.seq < :b AND m.seq > :f ORDER BY m.seq DESC", Message.class)
                .setParameter("a", appKey).setParameter("c", conversationId).setParameter("b", beforeSeq)
                .setParameter("f", afterSeq)
                .setMaxResults(limit)
                .getResultList();
        List<StoredMessage> out = new ArrayList<>(rows.size());
        for (Message m : rows) {
            out.add(StoredMessage.of(m, false));
        }
        return out;
    }

    // ------------------------------------------------------------------ erasure (docs/security.md, data deletion)

    /**
     * One page of an erasure: how many rows it looked at, how many it erased, and where the next
     * page starts (the last key it looked at).
     */
    public record Erased(int scanned, int erased, String last) {
    }

    /** A sender's messages in client-id order, from a client id on: a seek on the unique key (app, sender, client id). */
    static final String SENT_BY_PAGE = "SELECT m.clientMessageId, m.id FROM Message m WHERE m.appKey = :a "
            + "AND m.fromId = :f AND m.clientMessageId > :c ORDER BY m.clientMessageId";

    /**
     * Erases the content of up to {@code limit} messages {@code fromId} sent, those after client id
     * {@code afterClientId} ({@code ""} to start), in a transaction of its own: each becomes DELETED
     * with empty content, keeping its row, id and seq. Revoked and already erased ones are left as
     * they are. Page through until a page scans fewer than {@code limit}.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Erased eraseSentBy(String appKey, String fromId, String afterClientId, int limit) {
        List<Object[]> rows = em.createQuery(SENT_BY_PAGE, Object[].class)
                .setParameter("a", appKey).setParameter("f", fromId).setParameter("c", afterClientId)
                .setMaxResults(limit).getResultList();
        if (rows.isEmpty()) {
            return new Erased(0, 0, afterClientId);
        }
        List<String> ids = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            ids.add((String) r[1]);
        }
        return new Erased(rows.size(), erase(appKey, ids), (String) rows.get(rows.size() - 1)[0]);
    }

    /**
     * Every app's messages in id order from an id on, up to another: the primary key read as a
     * range. Ids are ULIDs, ordered by creation time, so this is "created between", with no index by
     * time. (With the app in the condition, H2 plans a seek on the app key and sorts all its rows.)
     */
    static final String BETWEEN_IDS = "SELECT m.id, m.appKey, m.status FROM Message m WHERE m.id > :after "
            + "AND m.id < :before ORDER BY m.id";

    /**
     * The retention pass: reads up to {@code limit} messages of any app after id {@code afterId}, in
     * id order, and erases, in a transaction of its own, the content of those whose app has a bound
     * in {@code beforeByApp} and whose id is below it ({@code Ulids.floor(t)}: created before t).
     * One pass serves every app with a retention. Page through until a page scans fewer than {@code limit}.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Erased eraseOlderThan(Map<String, String> beforeByApp, String afterId, int limit) {
        String before = beforeByApp.values().stream().max(Comparator.naturalOrder()).orElse("");
        List<Object[]> rows = em.createQuery(BETWEEN_IDS, Object[].class)
                .setParameter("after", afterId).setParameter("before", before).setMaxResults(limit).getResultList();
        if (rows.isEmpty()) {
            return new Erased(0, 0, afterId);
        }
        Map<String, List<String>> byApp = new HashMap<>();
        for (Object[] r : rows) {
            String id = (String) r[0];
            String bound = beforeByApp.get((String) r[1]);
            if (bound != null && id.compareTo(bound) < 0 && r[2] == Message.Status.SENT) {
                byApp.computeIfAbsent((String) r[1], k -> new ArrayList<>()).add(id);
            }
        }
        int erased = 0;
        for (Map.Entry<String, List<String>> e : byApp.entrySet()) {
            erased += erase(e.getKey(), e.getValue());
        }
        return new Erased(rows.size(), erased, (String) rows.get(rows.size() - 1)[0]);
    }

    /** Empties the content of those of the messages that still have it; answers how many. */
    private int erase(String appKey, List<String> ids) {
        forgetVersions(ids);
        return em.createQuery("UPDATE Message m SET m.status = com.xuqinmin.im.chat.Message.Status.DELETED, "
                        + "m.content = '' WHERE m.appKey = :a AND m.id IN :ids "
                        + "AND m.status = com.xuqinmin.im.chat.Message.Status.SENT")
                .setParameter("a", appKey).setParameter("ids", ids).executeUpdate();
    }

    static final String SENDERS_BETWEEN = "SELECT DISTINCT m.fromId, m.toId FROM Message m WHERE m.appKey = :a "
            + "AND m.conversationId = :c AND m.seq > :lo AND m.seq <= :hi";

    /**
     * The distinct senders of messages in {@code (afterSeq, uptoSeq]} (to tell them about a read).
     *
     * <p>It reads {@code toId} too, which does not change the answer (one conversation: a sender's
     * messages all go to the same peer or group): asked for {@code fromId} alone, H2 planned the
     * statement on an empty table to read the sender index of the time (dropped in V7), which held
     * both columns but could not seek a conversation, and kept that plan, reading every message of
     * the app per read receipt. {@code QueryPlansTest} guards it.
     */
    @Override
    @Transactional
    public List<String> sendersBetween(String appKey, String conversationId, long afterSeq, long uptoSeq) {
        List<Object[]> rows = em.createQuery(SENDERS_BETWEEN, Object[].class)
                .setParameter("a", appKey).setParameter("c", conversationId)
                .setParameter("lo", afterSeq).setParameter("hi", uptoSeq)
                .setMaxResults(10_000)
                .getResultList();
        Set<String> senders = new LinkedHashSet<>();
        for (Object[] r : rows) {
            senders.add((String) r[0]);
        }
        return new ArrayList<>(senders);
    }
}
