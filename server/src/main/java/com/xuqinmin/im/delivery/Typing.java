package com.xuqinmin.im.delivery;

/**
 * A user is typing (PROTOCOL.md, {@code /app/chat.typing}): written as it is to the other side's
 * sessions subscribed to {@code /user/queue/typing}, on every node, and never stored. {@code toId}
 * is the receiver of a single chat or, with {@code group}, the group (whose members' sessions
 * subscribed to its topic get it, except the typist's own).
 */
public record Typing(String appKey, String fromId, boolean group, String toId, String json) implements ImEvent {
}
