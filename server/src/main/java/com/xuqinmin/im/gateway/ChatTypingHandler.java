package com.xuqinmin.im.gateway;

import com.xuqinmin.im.account.Ids;
import com.xuqinmin.im.account.UserStates;
import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.chat.ChatType;
import com.xuqinmin.im.delivery.Typing;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.group.Memberships;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.Json;
import com.xuqinmin.im.social.RelationCache;
import com.xuqinmin.im.social.Relations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/**
 * {@code /app/chat.typing} (PROTOCOL.md §4): a transient "I am typing" to the other side's online
 * sessions subscribed to {@code /user/queue/typing}, on every node; never stored, never synced.
 * Rate-limited per session (its own bucket, on top of the SEND limit); in a single chat it goes only
 * where a message could (NOT_FRIENDS is told, as on send), and between a blocked pair it is dropped
 * without a word, so the blocked user learns nothing; in a group only a member may type.
 */
@ApplicationScoped
public class ChatTypingHandler implements AppDestination {

    @Inject
    Replies replies;

    @Inject
    ImConfig config;

    @Inject
    RelationCache relations;

    @Inject
    UserStates users;

    @Inject
    Memberships groups;

    @Inject
    Event<Typing> typing;

    @Override
    public String destination() {
        return Destinations.TYPING;
    }

    @Override
    public void handle(Connection c, Send send) {
        Identity who = c.identity();
        String toId = Json.requireString(send.body(), "toId");
        String type = Json.requireString(send.body(), "chatType");
        if (!Ids.valid(toId)) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "toId must be 1 to 64 characters of A-Z a-z 0-9 _ . @ -");
        }
        ChatType chatType;
        try {
            chatType = ChatType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "chatType must be SINGLE or GROUP");
        }
        if (!c.tryTyping(config.typingRate(), config.typingBurst())) {
            throw new ImException(ErrorCode.RATE_LIMITED, "at most " + config.typingRate()
                    + " typing signals per second, bursts of " + config.typingBurst());
        }
        boolean group = chatType == ChatType.GROUP;
        boolean deliver;
        if (group) {
            Memberships.Seat seat = groups.seat(who.appKey(), toId, who.userId())
                    .orElseThrow(() -> new ImException(ErrorCode.GROUP_NOT_FOUND, "group " + toId + " not found"));
            if (seat.member().isEmpty()) {
                throw new ImException(ErrorCode.NOT_GROUP_MEMBER, "not a member of group " + toId);
            }
            deliver = true;
        } else {
            if (!users.state(who.appKey(), toId).active()) {
                throw new ImException(ErrorCode.USER_NOT_FOUND, "user " + toId + " not found");
            }
            Relations.Verdict v = relations.singleChat(who.appKey(), who.userId(), toId);
            if (v == Relations.Verdict.NOT_FRIENDS) {
                throw Relations.refusal(v, toId);
            }
            // blocked either way: dropped, and answered like a delivered one
            deliver = v == Relations.Verdict.OK && !toId.equals(who.userId())
                    && !relations.blocklist(who.appKey(), who.userId()).contains(toId);
        }
        if (deliver) {
            StringBuilder sb = new StringBuilder(128).append('{');
            Json.field(sb, "type", "TYPING");
            Json.field(sb, "fromId", who.userId());
            Json.field(sb, "chatType", chatType.name());
            Json.field(sb, "toId", toId);
            Json.field(sb, "at", System.currentTimeMillis());
            typing.fire(new Typing(who.appKey(), who.userId(), group, toId, sb.append('}').toString()));
        }
        replies.receipt(c, send.receipt());
    }
}
