package com.xuqinmin.im.delivery;

import java.util.List;

/**
 * What the delivery bus carries from the services to every node's session registry. Each variant
 * says who should receive it, never how: the registry knows the sessions.
 */
public sealed interface Delivery {

    String appKey();

    /**
     * A stored message or a revoke notice for it. Single chat: the recipient's sessions and the
     * sender's other sessions (a note to self reaches every session of the user). Group: the
     * sessions subscribed to {@code /topic/group/{toId}}. {@code json} is the body, rendered once.
     *
     * @param originSession the session that sent it (it gets a RECEIPT instead), or {@code null}
     * @param createdAt when the message was accepted (for the delivery-latency metric)
     */
    record MessageEvent(String appKey, String conversationId, boolean group, String fromId, String toId, long seq,
            boolean revoke, String json, String originSession, long createdAt) implements Delivery {
    }

    /** A notice (e.g. READ) for the personal queues of some users, except the originating session. */
    record Notice(String appKey, List<String> userIds, String json, String originSession) implements Delivery {
    }

    /** Closes every session of a user with {@code ERROR message:Kicked}. */
    record Kick(String appKey, String userId, String reason) implements Delivery {
    }

    /** A user left or was removed from a group: its subscriptions to the group topic end. */
    record LeftGroup(String appKey, String groupId, String userId) implements Delivery {
    }

    /** A group was dismissed: every subscription to its topic ends, on every node. */
    record GroupDismissed(String appKey, String groupId) implements Delivery {
    }

    /**
     * An app's settings or secrets changed: every node forgets what it cached about it; when the
     * app (or its tenant) was disabled, every session of the app is closed with Kicked.
     */
    record AppChanged(String appKey, boolean disabled) implements Delivery {
    }

    /** A user's profile, status or mute changed: every node forgets what it cached about the user. */
    record UserChanged(String appKey, String userId) implements Delivery {
    }
}
