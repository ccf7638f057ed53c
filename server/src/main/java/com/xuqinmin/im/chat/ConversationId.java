package com.xuqinmin.im.chat;

/**
 * Conversation ids: {@code s:{a}:{b}} for a single chat with {@code a <= b} in ordinal string order,
 * {@code g:{groupId}} for a group. User and group ids never contain {@code ':'}, so ids are unambiguous.
 */
public final class ConversationId {

    private ConversationId() {
    }

    public static String single(String userA, String userB) {
        return userA.compareTo(userB) <= 0 ? "s:" + userA + ":" + userB : "s:" + userB + ":" + userA;
    }

    public static String group(String groupId) {
        return "g:" + groupId;
    }

    public static boolean isGroup(String conversationId) {
        return conversationId.startsWith("g:");
    }

    /** The group of a {@code g:} id, or {@code null}. */
    public static String groupOf(String conversationId) {
        return isGroup(conversationId) ? conversationId.substring(2) : null;
    }

    /** The two users of an {@code s:} id, or {@code null} when it is not a well-formed single-chat id. */
    public static String[] usersOf(String conversationId) {
        if (!conversationId.startsWith("s:")) {
            return null;
        }
        int colon = conversationId.indexOf(':', 2);
        if (colon < 3 || colon == conversationId.length() - 1 || conversationId.indexOf(':', colon + 1) >= 0) {
            return null;
        }
        return new String[] {conversationId.substring(2, colon), conversationId.substring(colon + 1)};
    }
}
