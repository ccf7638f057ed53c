package com.xuqinmin.im.chat;

import com.xuqinmin.im.account.Ids;
import com.xuqinmin.im.account.SystemAccount;
import com.xuqinmin.im.account.UserStates;
import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.group.GroupMember;
import com.xuqinmin.im.group.GroupRules;
import com.xuqinmin.im.group.Memberships;
import com.xuqinmin.im.platform.Json;
import com.xuqinmin.im.platform.Ulids;
import com.xuqinmin.im.social.Relations;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The rules of sending (PROTOCOL.md §4, {@code chat.send}): what a body must hold and who may send
 * it where; a body that passes becomes a {@link NewMessage} stamped with the clock's time. Users and
 * groups are read through {@link UserStates} and {@link Memberships}, so the rules run without a
 * container.
 */
public final class SendRules {

    /** The content limits: TEXT counted in characters (code points), every other type in UTF-8 bytes. */
    public record Limits(int textMaxChars, int contentMaxBytes) {
    }

    private final UserStates users;
    private final Memberships groups;
    private final GroupRules groupRules;
    private final Relations relations;
    private final Limits limits;
    private final Clock clock;

    public SendRules(UserStates users, Memberships groups, Limits limits, Clock clock) {
        this(users, groups, Relations.NONE, limits, clock);
    }

    public SendRules(UserStates users, Memberships groups, Relations relations, Limits limits, Clock clock) {
        this.users = users;
        this.relations = relations;
        this.groups = groups;
        this.groupRules = new GroupRules(clock);
        this.limits = limits;
        this.clock = clock;
    }

    /** The message {@code who} asks to send with {@code body}, or the ImException that refuses it. */
    public NewMessage validate(Identity who, JsonObject body) {
        return validate(who, body, true);
    }

    /**
     * As {@link #validate(Identity, JsonObject)}; {@code asUser} false is the server API's send, which
     * the back-end decides: blocks and the app's messaging policy do not hold it.
     */
    public NewMessage validate(Identity who, JsonObject body, boolean asUser) {
        Bodies.checkAppKey(who, body);
        String toId = Json.string(body, "toId");
        if (!Ids.valid(toId)) {
            throw new ImException(ErrorCode.VALIDATION_FAILED,
                    toId == null ? "toId is required" : "toId must be 1 to 64 characters of A-Z a-z 0-9 _ . @ -");
        }
        ChatType chatType = enumField(body, "chatType", ChatType.class);
        MsgType msgType = enumField(body, "msgType", MsgType.class);
        String content = Json.requireString(body, "content");
        checkContent(msgType, content);
        String clientId = Json.string(body, "messageId");
        if (clientId == null) {
            clientId = Ulids.next();
        } else {
            requireClientId(clientId);
        }
        long now = clock.millis();
        // the system account (server API only) has no user row: it is never disabled or muted, and
        // may speak in any active group of the app
        boolean system = SystemAccount.is(who.userId());
        UserStates.UserState sender = system ? null : users.state(who.appKey(), who.userId());
        if (sender != null && !sender.active()) {
            throw new ImException(ErrorCode.USER_DISABLED);
        }
        String conversationId;
        if (chatType == ChatType.SINGLE) {
            if (!users.state(who.appKey(), toId).active()) {
                throw new ImException(ErrorCode.USER_NOT_FOUND, "user " + toId + " not found");
            }
            if (asUser && !system) {
                relations.requireSingleChat(who.appKey(), who.userId(), toId);
            }
            conversationId = ConversationId.single(who.userId(), toId);
        } else {
            if (system) {
                groups.activeGroup(who.appKey(), toId).orElseThrow(() -> groupNotFound(toId));
            } else {
                Memberships.Seat seat = groups.seat(who.appKey(), toId, who.userId())
                        .orElseThrow(() -> groupNotFound(toId));
                GroupMember member = seat.member().orElseThrow(
                        () -> new ImException(ErrorCode.NOT_GROUP_MEMBER, "not a member of group " + toId));
                if (groupRules.silenced(seat.group(), member)) {
                    throw new ImException(ErrorCode.USER_MUTED, "you are muted in group " + toId);
                }
            }
            conversationId = ConversationId.group(toId);
        }
        // a user muted by the app is muted everywhere, in groups it moderates too
        if (sender != null && sender.mutedAt(now)) {
            throw new ImException(ErrorCode.USER_MUTED, "you are muted");
        }
        return new NewMessage(Ulids.next(), who.appKey(), conversationId, chatType, who.userId(), toId, msgType,
                content, clientId, now);
    }

    /** A client messageId: 1 to 64 printable characters (it is the sender's key for resends). */
    static void requireClientId(String messageId) {
        if (messageId.isEmpty() || messageId.length() > 64 || hasControl(messageId)) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "messageId must be 1 to 64 printable characters");
        }
    }

    /** The message with the content an app's back-end gave it instead, held to the same limits. */
    NewMessage withContent(NewMessage m, String content) {
        checkContent(m.msgType(), content);
        return new NewMessage(m.id(), m.appKey(), m.conversationId(), m.chatType(), m.fromId(), m.toId(), m.msgType(),
                content, m.clientMessageId(), m.createdAt());
    }

    private void checkContent(MsgType type, String content) {
        checkContent(limits, type, content);
    }

    /** The content rules of a send, which an edit's new content is held to as well. */
    static void checkContent(Limits limits, MsgType type, String content) {
        if (type == MsgType.TEXT) {
            if (content.isEmpty()) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, "content must not be empty");
            }
            int chars = content.codePointCount(0, content.length());
            if (chars > limits.textMaxChars()) {
                throw new ImException(ErrorCode.CONTENT_TOO_LARGE,
                        "TEXT content is " + chars + " characters; the limit is " + limits.textMaxChars());
            }
        } else {
            int bytes = content.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > limits.contentMaxBytes()) {
                throw new ImException(ErrorCode.CONTENT_TOO_LARGE,
                        type + " content is " + bytes + " bytes; the limit is " + limits.contentMaxBytes());
            }
        }
    }

    private static ImException groupNotFound(String groupId) {
        return new ImException(ErrorCode.GROUP_NOT_FOUND, "group " + groupId + " not found");
    }

    private static <E extends Enum<E>> E enumField(JsonObject body, String field, Class<E> type) {
        String v = Json.requireString(body, field);
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                allowed.append(allowed.length() == 0 ? "" : ", ").append(c.name());
            }
            throw new ImException(ErrorCode.VALIDATION_FAILED, field + " must be one of " + allowed);
        }
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
