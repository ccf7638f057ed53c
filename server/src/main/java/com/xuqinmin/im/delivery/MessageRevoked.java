package com.xuqinmin.im.delivery;

/**
 * A stored message was revoked: the same sessions as its {@link MessageStored} get the revoke
 * notice. Fired on the conversation's lane after the commit, so it never overtakes the message.
 *
 * @param seq the revoked message's seq (the notice does not take a seq of its own)
 * @param originSession the session that asked for the revoke, or {@code null}
 */
public record MessageRevoked(String appKey, String conversationId, boolean group, String fromId, String toId, long seq,
        String json, String originSession) implements ImEvent {
}
