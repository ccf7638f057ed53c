package com.xuqinmin.im.chat;

import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.delivery.ConversationRead;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.Json;
import com.xuqinmin.im.platform.Tx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The chat rules of PROTOCOL.md §3–4: who may send, revoke, sync and read what. Validation runs on
 * the caller's thread; anything that changes a conversation is handed to its lane
 * ({@link ConversationLanes}) and completes after the commit.
 */
@ApplicationScoped
public class ChatService {

    @Inject
    ConversationLanes lanes;

    @Inject
    MessageStore store;

    @Inject
    CursorStore cursors;

    @Inject
    Event<ConversationRead> reads;

    @Inject
    ConversationService conversations;

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    Tx tx;

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
