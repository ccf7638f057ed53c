package com.xuqinmin.im.chat;

import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The paging of sync (PROTOCOL.md §4, {@code chat.sync}): which of a device's conversations to read
 * from where, in which order, and when a page says there is more. Conversations are read in id
 * order, each from the device's cursor (a group from where the user joined), the caller's
 * {@link SyncStart} moving that start past what the device has; revokes of messages the device had
 * come first, in their own list.
 */
public final class SyncPlanner {

    private final ConversationRepository conversations;
    private final CursorRepository cursors;
    private final MessageRepository messages;
    private final int pageMax;

    public SyncPlanner(ConversationRepository conversations, CursorRepository cursors, MessageRepository messages,
            int pageMax) {
        this.conversations = conversations;
        this.cursors = cursors;
        this.messages = messages;
        this.pageMax = pageMax;
    }

    /** The page size a request body asks for ({@code limit}; absent: the most a page holds), capped at that most. */
    public int limit(Identity who, JsonObject body) {
        Bodies.checkAppKey(who, body);
        return limit(Json.integer(body, "limit"));
    }

    /** The page size a request asks for ({@code null}: the most a page holds), capped at that most. */
    public int limit(Long requested) {
        if (requested != null && requested < 1) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "limit must be at least 1");
        }
        return requested == null ? pageMax : (int) Math.min(requested, pageMax);
    }

    /**
     * What a device has received beyond its stored cursor, as far as this node knows (the
     * {@link CursorTracker}'s unwritten runs): the highest seq up to which it has every message,
     * given that it has everything up to {@code stored}.
     */
    @FunctionalInterface
    public interface Received {
        /** Nothing known beyond the stored cursors. */
        Received STORED = (conversationId, stored) -> stored;

        long through(String conversationId, long stored);
    }

    /** Everything this user-and-device has not received, up to {@code limit} messages (and as many revokes). */
    public SyncPage page(Identity who, String deviceId, int limit, SyncStart start) {
        return page(who, deviceId, limit, start, cursors.cursorsOf(who.appKey(), who.userId(), deviceId),
                Received.STORED);
    }

    /**
     * As {@link #page(Identity, String, int, SyncStart)}, from cursors the caller has read ({@code positions},
     * by conversation id) and what the device received beyond them ({@code received}): a device's position
     * in a conversation is where both together say it has every message, for the messages and the revokes.
     */
    public SyncPage page(Identity who, String deviceId, int limit, SyncStart start, Map<String, Cursor> positions,
            Received received) {
        List<ConversationRepository.UserConversation> convs = new ArrayList<>(
                conversations.ofUser(who.appKey(), who.userId()));
        convs.sort(Comparator.comparing(ConversationRepository.UserConversation::conversationId));

        List<StoredMessage> out = new ArrayList<>();
        List<StoredMessage> revoked = new ArrayList<>();
        boolean more = false;
        for (ConversationRepository.UserConversation c : convs) {
            String cid = c.conversationId();
            long base = c.joinedSeq();
            Cursor position = positions.get(cid);
            long delivered = position == null ? base : received.through(cid, position.getDeliveredSeq());
            if (position != null && delivered < base && received.through(cid, base) > base) {
                // a member that left and came back, and has received since: as the flush would write it
                delivered = received.through(cid, base);
            }
            if (position != null && c.revokeCount() > position.getRevokesSeen() && revoked.size() < limit) {
                for (StoredMessage m : messages.revokedSince(who.appKey(), cid, position.getRevokesSeen(), delivered,
                        limit - revoked.size())) {
                    // a message edited twice (or edited, then revoked) is told once, as it is now
                    if (revoked.stream().noneMatch(x -> x.id().equals(m.id()))) {
                        revoked.add(m);
                    }
                }
                cursors.revokesSeen(new Cursor.Key(who.appKey(), who.userId(), deviceId, cid), c.revokeCount());
            }
            long from = Math.max(base, delivered);
            from = Math.max(from, start.startAfter(cid, from));
            if (c.lastSeq() <= from) {
                continue;
            }
            int remaining = limit - out.size();
            if (remaining <= 0) {
                more = true;
                break;
            }
            List<StoredMessage> page = messages.after(who.appKey(), cid, from, remaining);
            out.addAll(page);
            if (page.size() == remaining && page.get(page.size() - 1).seq() < c.lastSeq()) {
                more = true;
            }
        }
        return new SyncPage(out, revoked, more);
    }
}
