package com.xuqinmin.im.chat;

import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.delivery.ConversationRead;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.Json;
import com.xuqinmin.im.platform.Tx;
import jakarta.transaction.Transactional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The chat rules of PROTOCOL.md §3–4: who may send, revoke, sync and read what. Validation runs on
 * the caller's thread; anything that changes a conversation is handed to its lane
 * ({@link ConversationLanes}) and completes after the commit.
 */
@ApplicationScoped
public class ChatService {

    /** A user's single chats with a message; completed by a side of {@link Conversation#EITHER_USER}. */
    static final String SINGLES = "SELECT c FROM Conversation c WHERE c.lastSeq > 0 AND c.appKey = :a AND ";

    /** The groups a user is a member of with a message since it joined, and where it joined. */
    static final String GROUPS_SINCE_JOINED = "SELECT c.conversationId, c.lastSeq, m.joinedSeq, c.revokeCount "
            + "FROM Conversation c, GroupMember m WHERE m.appKey = :a AND m.userId = :u AND c.appKey = m.appKey "
            + "AND c.groupId = m.groupId AND c.lastSeq > m.joinedSeq";

    @Inject
    ImConfig config;

    @Inject
    ConversationLanes lanes;

    @Inject
    MessageStore store;

    @Inject
    CursorStore cursors;

    @Inject
    CursorTracker tracker;

    @Inject
    Event<ConversationRead> reads;

    @Inject
    ConversationService conversations;

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    Tx tx;

    /**
     * A page of sync results, oldest first per conversation; {@code more} when the limit cut it.
     * {@code revoked}: messages the device already had that were revoked since it last heard.
     */
    public record SyncPage(List<StoredMessage> messages, List<StoredMessage> revoked, boolean more) {
    }

    /**
     * Lets the caller move a conversation's starting point past seqs it knows the device already
     * has (those written to it in this session), so paging never stalls on them.
     */
    @FunctionalInterface
    public interface SyncStart {
        long startAfter(String conversationId, long storedCursor);
    }

    // ------------------------------------------------------------------ sync

    /** Everything this user-and-device has not received, up to the page limit. */
    @Transactional
    public SyncPage sync(Identity who, String deviceId, JsonObject body, SyncStart start) {
        Bodies.checkAppKey(who, body);
        Long requested = Json.integer(body, "limit");
        int max = config.syncPageMax();
        if (requested != null && requested < 1) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "limit must be at least 1");
        }
        int limit = requested == null ? max : (int) Math.min(requested, max);

        tracker.flushDevice(who.appKey(), who.userId(), deviceId);
        Map<String, Cursor> positions = cursors.cursorsOf(who.appKey(), who.userId(), deviceId);

        List<Object[]> convs = new ArrayList<>();
        for (String side : Conversation.EITHER_USER) {
            for (Conversation c : em.createQuery(SINGLES + side, Conversation.class)
                    .setParameter("a", who.appKey()).setParameter("u", who.userId()).getResultList()) {
                convs.add(new Object[] {c.getConversationId(), c.getLastSeq(), 0L, c.getRevokeCount()});
            }
        }
        for (Object[] row : em.createQuery(GROUPS_SINCE_JOINED, Object[].class)
                .setParameter("a", who.appKey()).setParameter("u", who.userId()).getResultList()) {
            convs.add(row);
        }
        convs.sort(Comparator.comparing(r -> (String) r[0]));

        List<StoredMessage> out = new ArrayList<>();
        List<StoredMessage> revoked = new ArrayList<>();
        boolean more = false;
        for (Object[] c : convs) {
            String cid = (String) c[0];
            long lastSeq = ((Number) c[1]).longValue();
            long base = ((Number) c[2]).longValue();
            long revokes = ((Number) c[3]).longValue();
            Cursor position = positions.get(cid);
            long delivered = position == null ? base : position.getDeliveredSeq();
            if (position != null && revokes > position.getRevokesSeen() && revoked.size() < limit) {
                revoked.addAll(store.revokedSince(who.appKey(), cid, position.getRevokesSeen(), delivered,
                        limit - revoked.size()));
                cursors.revokesSeen(new Cursor.Key(who.appKey(), who.userId(), deviceId, cid), revokes);
            }
            long from = Math.max(base, delivered);
            from = Math.max(from, start.startAfter(cid, from));
            if (lastSeq <= from) {
                continue;
            }
            int remaining = limit - out.size();
            if (remaining <= 0) {
                more = true;
                break;
            }
            List<StoredMessage> page = store.after(who.appKey(), cid, from, remaining);
            out.addAll(page);
            if (page.size() == remaining && page.get(page.size() - 1).seq() < lastSeq) {
                more = true;
            }
        }
        return new SyncPage(out, revoked, more);
    }

    // ------------------------------------------------------------------ read

    /** Marks a conversation read up to a seq and tells those who should know; completes after the commit. */
    public CompletionStage<Long> read(Identity who, String deviceId, String originSession, JsonObject body) {
        Bodies.checkAppKey(who, body);
        String cid = Json.requireString(body, "conversationId");
        Long seq = Json.integer(body, "seq");
        if (seq == null || seq < 1) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "seq must be a positive integer");
        }
        String peer = conversations.requireParticipant(who, cid);
        Conversation conv = tx.call(() -> em.find(Conversation.class, new Conversation.Key(who.appKey(), cid)));
        if (conv == null || conv.getLastSeq() == 0) {
            throw new ImException(ErrorCode.CONVERSATION_NOT_FOUND, "conversation " + cid + " has no messages");
        }
        long upto = Math.min(seq, conv.getLastSeq());
        String peerId = peer;  // null for a group
        return lanes.run(who.appKey(), cid, () -> {
            Cursor.Key key = new Cursor.Key(who.appKey(), who.userId(), deviceId, cid);
            long before;
            try {
                before = cursors.markRead(key, upto);
            } catch (RuntimeException lostRace) {
                // the cursor tracker created the same row at the same moment: the second try updates it
                before = cursors.markRead(key, upto);
            }
            if (upto > before) {
                List<String> notify = new ArrayList<>();
                if (peerId != null) {
                    notify.add(peerId);
                } else {
                    for (String s : store.sendersBetween(who.appKey(), cid, before, upto)) {
                        if (!s.equals(who.userId())) {
                            notify.add(s);
                        }
                    }
                }
                if (!notify.contains(who.userId())) {
                    notify.add(who.userId()); // the reader's other devices learn it too
                }
                reads.fire(new ConversationRead(who.appKey(), cid, who.userId(), upto, notify,
                        MessageJson.readNotice(cid, who.userId(), upto, System.currentTimeMillis()), originSession));
            }
            return upto;
        });
    }
}
