package com.xuqinmin.im.delivery;

/** A group was dismissed: every subscription to its topic ends, on every node. */
public record GroupDismissed(String appKey, String groupId) implements ImEvent {
}
