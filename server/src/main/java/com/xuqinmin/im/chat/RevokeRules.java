package com.xuqinmin.im.chat;

import com.xuqinmin.im.account.AppInfo;
import com.xuqinmin.im.account.Apps;
import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.group.GroupMember;
import com.xuqinmin.im.group.Memberships;
import com.xuqinmin.im.platform.Json;
import jakarta.json.JsonObject;
import java.time.Clock;

/**
 * The rules of revoking (PROTOCOL.md §4, {@code chat.revoke}): which message a request names, and
 * whether its requester may revoke it now. The sender may, within its app's revoke window; a group's
 * owner and admins may revoke any message of the group at any time; nobody else may. The server API
 * may revoke any message of its app.
 */
public final class RevokeRules {

    /** A revoke that may go ahead: the message, and the time it is revoked at. */
    public record Revocation(Message message, long at) {
    }

    private final MessageRepository messages;
    private final Memberships groups;
    private final Apps apps;
    private final Clock clock;

    public RevokeRules(MessageRepository messages, Memberships groups, Apps apps, Clock clock) {
        this.messages = messages;
        this.groups = groups;
        this.apps = apps;
        this.clock = clock;
    }

    /**
     * The revoke a user asks for with {@code body}: {@code messageId} is a server id of a message the
     * user can see, or the user's own client id. A server id of a message the user cannot see answers
     * as not found, so a stranger learns nothing about it.
     */
    public Revocation byUser(Identity who, JsonObject body) {
        Bodies.checkAppKey(who, body);
        String messageId = Json.requireString(body, "messageId");
        Message m = messages.find(who.appKey(), messageId)
                .filter(x -> canSee(who, x))
                .or(() -> messages.findByClientId(who.appKey(), who.userId(), messageId))
                .orElseThrow(() -> notFound(messageId));
        AppInfo app = apps.find(who.appKey()).orElseThrow(() -> new ImException(ErrorCode.APP_DISABLED));
        long now = clock.millis();
        boolean moderator = m.getChatType() == ChatType.GROUP
                && groups.member(who.appKey(), m.getToId(), who.userId()).map(GroupMember::canModerate).orElse(false);
        if (!moderator) {
            if (!m.getFromId().equals(who.userId())) {
                throw new ImException(ErrorCode.NOT_MESSAGE_SENDER);
            }
            if (now - m.getCreatedAt() > app.revokeWindowSeconds() * 1000) {
                throw new ImException(ErrorCode.REVOKE_WINDOW_PASSED,
                        "messages can be revoked within " + app.revokeWindowSeconds() + " s of sending");
            }
        }
        return new Revocation(m, now);
    }

    /** The server API's revoke: any message of the app by its server id, with no time window. */
    public Revocation byApp(String appKey, String id) {
        Message m = messages.find(appKey, id).orElseThrow(() -> notFound(id));
        return new Revocation(m, clock.millis());
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
