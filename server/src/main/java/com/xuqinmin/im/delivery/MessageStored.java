package com.xuqinmin.im.delivery;

/**
 * A message was stored with its conversation's next {@code seq}. Fired on the conversation's lane
 * after the commit, so each node sees a conversation's messages in seq order (across nodes
 * {@link MessageOrder} restores it). Single chat: the recipient's sessions and the sender's other
 * sessions receive it (a note to self reaches every session of the user); group: the sessions
 * subscribed to {@code /topic/group/{toId}}.
 *
 * @param json the message body, rendered once for every session it goes to
 * @param originSession the session that sent it (it gets a RECEIPT instead), or {@code null}
 * @param createdAt when the message was accepted (for the delivery-latency metric)
 */
public record MessageStored(String appKey, String conversationId, boolean group, String fromId, String toId, long seq,
        String json, String originSession, long createdAt) implements ImEvent {
}
