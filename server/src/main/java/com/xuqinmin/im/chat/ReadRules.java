package com.xuqinmin.im.chat;

import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.delivery.ConversationRead;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.Json;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules of read receipts (PROTOCOL.md §4, {@code chat.read}): how far a read marks a
 * conversation, and who is told. A read never goes past the conversation's last message. When it
 * moves the reader's read point, the peer of a single chat hears of it, in a group the senders of
 * what was read do (not the reader itself), and always the reader's own other sessions.
 */
public final class ReadRules {

    /** Where a read puts its reader: the conversation, its peer ({@code null} for a group), the seq read up to. */
    public record ReadPoint(String conversationId, String peerId, long upTo) {
    }

    private final Participants participants;
    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final Clock clock;

    public ReadRules(Participants participants, ConversationRepository conversations, MessageRepository messages,
            Clock clock) {
        this.participants = participants;
        this.conversations = conversations;
        this.messages = messages;
        this.clock = clock;
    }

    /** The read {@code who} asks for with {@code body} ({@code conversationId}, {@code seq}), or why it is refused. */
    public ReadPoint position(Identity who, JsonObject body) {
        Bodies.checkAppKey(who, body);
        String cid = Json.requireString(body, "conversationId");
        Long seq = Json.integer(body, "seq");
        if (seq == null || seq < 1) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "seq must be a positive integer");
        }
        String peer = participants.requireParticipant(who, cid);
        long lastSeq = conversations.lastSeq(who.appKey(), cid);
        if (lastSeq == 0) {
            throw new ImException(ErrorCode.CONVERSATION_NOT_FOUND, "conversation " + cid + " has no messages");
        }
        return new ReadPoint(cid, peer, Math.min(seq, lastSeq));
    }

    /**
     * The notice of a read that moved the reader's read point (over all its devices) from
     * {@code before} to {@code p.upTo()}, stamped with the clock's time; empty when it did not move it.
     */
    public Optional<ConversationRead> told(Identity who, ReadPoint p, long before, String originSession) {
        if (p.upTo() <= before) {
            return Optional.empty();
        }
        List<String> notify = new ArrayList<>();
        if (p.peerId() != null) {
            notify.add(p.peerId());
        } else {
            for (String s : messages.sendersBetween(who.appKey(), p.conversationId(), before, p.upTo())) {
                if (!s.equals(who.userId())) {
                    notify.add(s);
                }
            }
        }
        if (!notify.contains(who.userId())) {
            notify.add(who.userId()); // the reader's other devices learn it too
        }
        return Optional.of(new ConversationRead(who.appKey(), p.conversationId(), who.userId(), p.upTo(), notify,
                MessageJson.readNotice(p.conversationId(), who.userId(), p.upTo(), clock.millis()), originSession, before));
    }
}
