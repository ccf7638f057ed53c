package com.xuqinmin.im.sdk;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A message to send as a user or as the system account. Defaults: single chat, text. Give a
 * {@code messageId} to make the send idempotent: the server then answers a resend with the message
 * stored the first time, and the client retries it after a network failure. Immutable; made by
 * {@link #builder()}.
 */
public final class SendMessage {

    /** The reserved id of the app's system account, which may send to any user or active group. */
    public static final String SYSTEM = "system";

    private final String fromId;
    private final String toId;
    private final ChatType chatType;
    private final MsgType msgType;
    private final String content;
    private final String messageId;

    private SendMessage(Builder b) {
        this.fromId = Objects.requireNonNull(b.fromId, "fromId");
        this.toId = Objects.requireNonNull(b.toId, "toId");
        this.chatType = b.chatType;
        this.msgType = b.msgType;
        this.content = Objects.requireNonNull(b.content, "content");
        this.messageId = b.messageId;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link SendMessage}; not thread-safe. */
    public static final class Builder {
        private String fromId;
        private String toId;
        private ChatType chatType = ChatType.SINGLE;
        private MsgType msgType = MsgType.TEXT;
        private String content;
        private String messageId;

        private Builder() {
        }

        /** The sender: a userId of the app. */
        public Builder from(String fromId) {
            this.fromId = fromId;
            return this;
        }

        /** The sender is the app's system account. */
        public Builder fromSystem() {
            this.fromId = SYSTEM;
            return this;
        }

        /** A user, in a single chat. */
        public Builder toUser(String userId) {
            this.toId = userId;
            this.chatType = ChatType.SINGLE;
            return this;
        }

        /** A group. */
        public Builder toGroup(String groupId) {
            this.toId = groupId;
            this.chatType = ChatType.GROUP;
            return this;
        }

        public Builder msgType(MsgType msgType) {
            this.msgType = Objects.requireNonNull(msgType);
            return this;
        }

        public Builder content(String content) {
            this.content = content;
            return this;
        }

        /** 1 to 64 printable characters, unique for the sender. */
        public Builder messageId(String messageId) {
            this.messageId = messageId;
            return this;
        }

        public SendMessage build() {
            return new SendMessage(this);
        }
    }

    public String fromId() {
        return fromId;
    }

    public String toId() {
        return toId;
    }

    public ChatType chatType() {
        return chatType;
    }

    public MsgType msgType() {
        return msgType;
    }

    public String content() {
        return content;
    }

    public String messageId() {
        return messageId;
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fromId", fromId);
        m.put("toId", toId);
        m.put("chatType", chatType);
        m.put("msgType", msgType);
        m.put("content", content);
        if (messageId != null) {
            m.put("messageId", messageId);
        }
        return m;
    }
}
