package com.xuqinmin.im.group;

/**
 * The conversation a group talks in, which the chat keeps: the group service opens it with the group
 * and asks for its last seq when members join (they see what comes after). Implemented by the chat,
 * which sits above groups; both calls join the caller's transaction.
 */
public interface GroupConversations {

    /** Creates the group's conversation (nothing when it exists already). */
    void open(String appKey, String groupId, long createdAt);

    /** The seq of the group's last message, 0 before the first. */
    long lastSeq(String appKey, String groupId);
}
