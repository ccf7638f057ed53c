package com.xuqinmin.im.chat;

import java.util.List;

/** The conversations as the chat's rules read them; {@link ConversationStore} is the JPA one. */
public interface ConversationRepository {

    /**
     * One conversation a user can read: its last seq, where the user's view of it starts (the seq a
     * group member joined at; 0 for a single chat; or, when later, the last seq when the user deleted
     * it for itself) and how many of its messages were revoked.
     */
    record UserConversation(String conversationId, long lastSeq, long joinedSeq, long revokeCount) {
    }

    /**
     * The user's single chats with a message, and the groups it is a member of with a message since
     * it joined (and, of those it deleted for itself, only those with a message since); in no
     * particular order.
     */
    List<UserConversation> ofUser(String appKey, String userId);

    /** The seq of the conversation's last message; 0 when it has none or does not exist. */
    long lastSeq(String appKey, String conversationId);
}
