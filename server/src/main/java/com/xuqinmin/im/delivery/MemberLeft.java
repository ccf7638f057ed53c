package com.xuqinmin.im.delivery;

/** A user left or was removed from a group: its subscriptions to the group's topic end on every node. */
public record MemberLeft(String appKey, String groupId, String userId) implements ImEvent {
}
