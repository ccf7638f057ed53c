package com.xuqinmin.im.delivery;

/** A notice was stored for a user: every node writes it to the user's sessions subscribed to {@code /user/queue/notices}. */
public record NoticeStored(String appKey, String userId, long seq, String json) implements ImEvent {
}
