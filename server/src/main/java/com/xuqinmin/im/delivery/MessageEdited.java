package com.xuqinmin.im.delivery;

/**
 * A stored message was edited: the same sessions as its {@link MessageStored} get the EDITED notice.
 * Fired on the conversation's lane after the commit, so it never overtakes the message.
 *
 * @param seq the edited message's seq (the notice does not take a seq of its own)
 * @param json the EDITED notice's body
 * @param originSession the session that asked for the edit, or {@code null}
 */
public record MessageEdited(String appKey, String conversationId, boolean group, String fromId, String toId, long seq,
        String json, String originSession) implements ImEvent {
}
