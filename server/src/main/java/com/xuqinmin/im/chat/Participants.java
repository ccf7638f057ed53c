package com.xuqinmin.im.chat;

import com.xuqinmin.im.auth.Identity;

/**
 * Who is in a conversation, as the read rules ask it; {@link ConversationService} answers from the
 * conversation id and the group memberships.
 */
public interface Participants {

    /**
     * The other user of a single chat the caller is in, or {@code null} for a group it is a member
     * of; NOT_CONVERSATION_MEMBER for anything else.
     */
    String requireParticipant(Identity who, String conversationId);
}
