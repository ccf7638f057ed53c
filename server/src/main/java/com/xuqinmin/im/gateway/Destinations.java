package com.xuqinmin.im.gateway;

/**
 * The destinations of PROTOCOL.md §3 and the keys the registry routes them by. Keys include the
 * appKey (and, for personal queues, the userId), so apps and users never see each other's traffic.
 */
public final class Destinations {

    public static final String USER_MESSAGES = "/user/queue/messages";
    public static final String USER_ERRORS = "/user/queue/errors";
    public static final String USER_NOTICES = "/user/queue/notices";
    public static final String USER_TYPING = "/user/queue/typing";
    public static final String USER_PRESENCE = "/user/queue/presence";
    /** The personal queues a session may subscribe to. */
    static final java.util.List<String> USER_QUEUES = java.util.List.of(USER_MESSAGES, USER_ERRORS, USER_NOTICES,
            USER_TYPING, USER_PRESENCE);
    public static final String GROUP_PREFIX = "/topic/group/";
    public static final String SEND = "/app/chat.send";
    public static final String REVOKE = "/app/chat.revoke";
    public static final String EDIT = "/app/chat.edit";
    public static final String SYNC = "/app/chat.sync";
    public static final String READ = "/app/chat.read";
    public static final String TYPING = "/app/chat.typing";

    private Destinations() {
    }

    public static String userRoute(String appKey, String userId, String queue) {
        return appKey + '\u0000' + userId + '\u0000' + queue;
    }

    public static String groupRoute(String appKey, String groupId) {
        return appKey + '\u0000' + GROUP_PREFIX + groupId;
    }

    public static String groupTopic(String groupId) {
        return GROUP_PREFIX + groupId;
    }
}
