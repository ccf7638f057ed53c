package com.xuqinmin.im.chat;

import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.notice.NoticeService;
import com.xuqinmin.im.platform.Tx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Each user's own settings of its conversations (API.md §4.3): pinned, muted, hidden, and a delete
 * "for me" that hides the conversation and clears its history for this user only. Every change is
 * a CONVERSATION_SETTINGS notice to the user, so its other devices follow.
 */
@ApplicationScoped
public class ConversationSettings {

    static final String NOTICE = "CONVERSATION_SETTINGS";

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    Participants participants;

    @Inject
    NoticeService notices;

    @Inject
    Tx tx;

    @Inject
    Clock clock;

    /** A conversation's settings as its user sees them. */
    public record View(String conversationId, boolean pinned, boolean muted, boolean hidden, long clearedSeq) {
    }

    /** Changes the settings given ({@code null} leaves one as it is); hiding hides until the next message. */
    public View update(Identity who, String conversationId, Boolean pinned, Boolean muted, Boolean hidden) {
        if (pinned == null && muted == null && hidden == null) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "give at least one of pinned, muted, hidden");
        }
        return change(who, conversationId, (s, lastSeq) -> {
            if (pinned != null) {
                s.setPinned(pinned);
            }
            if (muted != null) {
                s.setMuted(muted);
            }
            if (hidden != null) {
                s.setHiddenSeq(hidden ? lastSeq : null);
            }
        });
    }

    /** Deletes the conversation for this user: hidden, and its messages so far no longer shown to it. */
    public View clear(Identity who, String conversationId) {
        return change(who, conversationId, (s, lastSeq) -> {
            s.setHiddenSeq(lastSeq);
            s.setClearedSeq(lastSeq);
        });
    }

    private interface Change {
        void apply(ConversationSetting s, long lastSeq);
    }

    private View change(Identity who, String conversationId, Change change) {
        if (conversationId == null || conversationId.isEmpty()) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "conversationId is required");
        }
        participants.requireParticipant(who, conversationId);
        // two first changes of one conversation race on the key: the loser retries and finds the row
        return tx.callRetryingOnce(() -> {
            Conversation c = em.find(Conversation.class, new Conversation.Key(who.appKey(), conversationId));
            long lastSeq = c == null ? 0 : c.getLastSeq();
            ConversationSetting.Key key = new ConversationSetting.Key(who.appKey(), who.userId(), conversationId);
            ConversationSetting s = em.find(ConversationSetting.class, key);
            if (s == null) {
                s = new ConversationSetting(who.appKey(), who.userId(), conversationId);
                em.persist(s);
            }
            change.apply(s, lastSeq);
            s.touch(clock.millis());
            em.flush();
            View v = new View(conversationId, s.isPinned(), s.isMuted(), s.hiddenAt(lastSeq), s.getClearedSeq());
            notices.notify(who.appKey(), who.userId(), NOTICE, Json.createObjectBuilder()
                    .add("conversationId", conversationId).add("pinned", v.pinned()).add("muted", v.muted())
                    .add("hidden", v.hidden()).add("clearedSeq", v.clearedSeq()).build());
            return v;
        });
    }

    /** A hard-deleted user's settings. */
    @jakarta.transaction.Transactional
    public void forgetUser(String appKey, String userId) {
        em.createQuery("DELETE FROM ConversationSetting s WHERE s.appKey = :a AND s.userId = :u")
                .setParameter("a", appKey).setParameter("u", userId).executeUpdate();
    }

    /** Which of {@code users} muted the conversation (offline push leaves them out). */
    @jakarta.transaction.Transactional
    public java.util.Set<String> mutedBy(String appKey, String conversationId, java.util.Collection<String> users) {
        if (users.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(em.createQuery("SELECT s.userId FROM ConversationSetting s WHERE s.appKey = :a "
                        + "AND s.conversationId = :c AND s.muted = TRUE AND s.userId IN :u", String.class)
                .setParameter("a", appKey).setParameter("c", conversationId).setParameter("u", users).getResultList());
    }

    /** The user's settings, by conversation (only the conversations it changed something of). */
    Map<String, ConversationSetting> of(String appKey, String userId) {
        Map<String, ConversationSetting> out = new HashMap<>();
        for (ConversationSetting s : em.createQuery("SELECT s FROM ConversationSetting s WHERE s.appKey = :a "
                        + "AND s.userId = :u", ConversationSetting.class)
                .setParameter("a", appKey).setParameter("u", userId).getResultList()) {
            out.put(s.getConversationId(), s);
        }
        return out;
    }

    /** Up to which seq the user no longer sees a conversation's messages (0: it sees them all). */
    long clearedSeq(String appKey, String userId, String conversationId) {
        ConversationSetting s = em.find(ConversationSetting.class,
                new ConversationSetting.Key(appKey, userId, conversationId));
        return s == null ? 0 : s.getClearedSeq();
    }
}
