package com.xuqinmin.im.webhook;

import java.util.Optional;

/** The events a tenant's back-end can be called for, with their names on the wire. */
public enum HookEvent {
    /** Synchronous, on the send path: the answer allows, rejects or rewrites the message. */
    BEFORE_SEND_MESSAGE("beforeSendMessage", true),
    /** Synchronous, before a user's friend request (client API): the answer allows or rejects it. */
    BEFORE_ADD_FRIEND("beforeAddFriend", true),
    /** Synchronous, before a user adds members to a group (client API): the answer allows or rejects it. */
    BEFORE_JOIN_GROUP("beforeJoinGroup", true),
    AFTER_SEND_MESSAGE("afterSendMessage", false),
    AFTER_REVOKE_MESSAGE("afterRevokeMessage", false),
    /** A message's content was edited (by its sender or the server API). */
    AFTER_EDIT_MESSAGE("afterEditMessage", false),
    /** A user's read point in a conversation moved (over all its devices). */
    AFTER_READ_MESSAGE("afterReadMessage", false),
    AFTER_GROUP_CREATED("afterGroupCreated", false),
    AFTER_GROUP_MEMBERS_ADDED("afterGroupMembersAdded", false),
    /** A member left a group: removed, quit, or deleted with its data. */
    AFTER_GROUP_MEMBER_LEFT("afterGroupMemberLeft", false),
    AFTER_GROUP_DISMISSED("afterGroupDismissed", false),
    /** Two users became friends (a request accepted, or the server API's import). */
    AFTER_FRIEND_ADDED("afterFriendAdded", false),
    /** A friendship ended (either side deleted it). Blocking a user is not an event: it is the blocker's own. */
    AFTER_FRIEND_DELETED("afterFriendDeleted", false),
    /** A message stored for a user with no session: the tenant's own push service takes it from here. */
    OFFLINE_PUSH("offlinePush", false),
    USER_ONLINE("userOnline", false),
    USER_OFFLINE("userOffline", false),
    /** Never enabled: sent by the test-delivery call only. */
    PING("ping", false);

    private final String wire;
    private final boolean before;

    HookEvent(String wire, boolean before) {
        this.wire = wire;
        this.before = before;
    }

    public String wire() {
        return wire;
    }

    /** A before-event: its answer decides, and the app's failure policy applies when there is none. */
    public boolean before() {
        return before;
    }

    public static Optional<HookEvent> ofWire(String name) {
        for (HookEvent e : values()) {
            if (e != PING && e.wire.equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
