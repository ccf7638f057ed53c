package com.xuqinmin.im.chat;

import com.xuqinmin.im.account.AppInfo;
import com.xuqinmin.im.account.Apps;
import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.group.Memberships;
import com.xuqinmin.im.platform.Json;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.util.Optional;

/**
 * The rules of editing (protocol.md {@code chat.edit}): which message a request names, whether its
 * requester may edit it now, and whether the new content may be sent at all. Only the sender may, within
 * its app's edit window (0: no edits); the server API may edit any message of its app at any time. The
 * new content is held to the send's rules for the message's type. A revoked message cannot be edited.
 */
public final class EditRules {

    /** An edit that may go ahead: the message, its new content, the time, and the client's edit id (or null). */
    public record Edit(Message message, String content, long at, String editId) {
    }

    private final MessageRepository messages;
    private final Memberships groups;
    private final Apps apps;
    private final SendRules.Limits limits;
    private final Clock clock;

    public EditRules(MessageRepository messages, Memberships groups, Apps apps, SendRules.Limits limits, Clock clock) {
        this.messages = messages;
        this.groups = groups;
        this.apps = apps;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * The edit a user asks for with {@code body}: {@code id} is a server id, {@code messageId} a server
     * id or the user's own client id (as a revoke takes it). A server id of a message the user cannot
     * see answers as not found, so a stranger learns nothing about it.
     */
    public Edit byUser(Identity who, JsonObject body) {
        Bodies.checkAppKey(who, body);
        String id = Json.string(body, "id");
        String messageId = id != null ? id : Json.string(body, "messageId");
        if (messageId == null) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "id or messageId is required");
        }
        String content = Json.requireString(body, "content");
        String editId = editId(body);
        Message m = messages.find(who.appKey(), messageId)
                .filter(x -> canSee(who, x))
                .or(() -> id != null ? Optional.<Message>empty()
                        : messages.findByClientId(who.appKey(), who.userId(), messageId))
                .orElseThrow(() -> notFound(messageId));
        if (!m.getFromId().equals(who.userId())) {
            throw new ImException(ErrorCode.NOT_MESSAGE_SENDER, "only the sender may edit a message");
        }
        AppInfo app = apps.find(who.appKey()).orElseThrow(() -> new ImException(ErrorCode.APP_DISABLED));
        long now = clock.millis();
        if (app.editWindowSeconds() <= 0) {
            throw new ImException(ErrorCode.EDIT_WINDOW_PASSED, "this app does not allow editing messages");
        }
        if (now - m.getCreatedAt() > app.editWindowSeconds() * 1000) {
            throw new ImException(ErrorCode.EDIT_WINDOW_PASSED,
                    "messages can be edited within " + app.editWindowSeconds() + " s of sending");
        }
        return checked(m, content, now, editId);
    }

    /** The server API's edit: any message of the app by its server id, with no time window. */
    public Edit byApp(String appKey, String id, JsonObject body) {
        String content = Json.requireString(body, "content");
        String editId = editId(body);
        Message m = messages.find(appKey, id).orElseThrow(() -> notFound(id));
        return checked(m, content, clock.millis(), editId);
    }

    /** The message whose versions {@code who} asks for: one of a conversation it is in, else not found. */
    public Message visible(Identity who, String id) {
        return messages.find(who.appKey(), id).filter(x -> canSee(who, x)).orElseThrow(() -> notFound(id));
    }

    /** The edit with the content the app's back-end gave instead, held to the same rules. */
    Edit withContent(Edit e, String content) {
        SendRules.checkContent(limits, e.message().getMsgType(), content);
        return new Edit(e.message(), content, e.at(), e.editId());
    }

    private Edit checked(Message m, String content, long now, String editId) {
        if (m.getStatus() != Message.Status.SENT) {
            throw revoked(m);
        }
        SendRules.checkContent(limits, m.getMsgType(), content);
        return new Edit(m, content, now, editId);
    }

    static ImException revoked(Message m) {
        return m.getStatus() == Message.Status.REVOKED
                ? new ImException(ErrorCode.MESSAGE_REVOKED, "message " + m.getId() + " was revoked; it cannot be edited")
                : new ImException(ErrorCode.MESSAGE_REVOKED,
                        "message " + m.getId() + " had its content erased; it cannot be edited");
    }

    private static String editId(JsonObject body) {
        String editId = Json.string(body, "editId");
        if (editId != null && (editId.isEmpty() || editId.length() > 64 || editId.chars().anyMatch(Character::isISOControl))) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "editId must be 1 to 64 printable characters");
        }
        return editId;
    }

    private boolean canSee(Identity who, Message m) {
        if (m.getChatType() == ChatType.SINGLE) {
            return m.getFromId().equals(who.userId()) || m.getToId().equals(who.userId());
        }
        return groups.member(who.appKey(), m.getToId(), who.userId()).isPresent();
    }

    private static ImException notFound(String id) {
        return new ImException(ErrorCode.MESSAGE_NOT_FOUND, "message " + id + " not found");
    }
}
