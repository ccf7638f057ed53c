package com.xuqinmin.im.sdk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One single-chat message from one sender to up to 500 users, each delivered on its own. With a
 * {@code messageId}, sending the same batch again stores nothing twice (and the client retries it
 * after a network failure). Immutable; made by {@link #builder()}.
 */
public final class BatchSend {
    private final String fromId;
    private final List<String> toIds;
    private final MsgType msgType;
    private final String content;
    private final String messageId;

    private BatchSend(Builder b) {
        this.fromId = Objects.requireNonNull(b.fromId, "fromId");
        this.toIds = Collections.unmodifiableList(new ArrayList<>(b.toIds));
        this.msgType = b.msgType;
        this.content = Objects.requireNonNull(b.content, "content");
        this.messageId = b.messageId;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link BatchSend}; not thread-safe. */
    public static final class Builder {
        private String fromId;
        private final List<String> toIds = new ArrayList<>();
        private MsgType msgType = MsgType.TEXT;
        private String content;
        private String messageId;

        private Builder() {
        }

        public Builder from(String fromId) {
            this.fromId = fromId;
            return this;
        }

        public Builder fromSystem() {
            this.fromId = SendMessage.SYSTEM;
            return this;
        }

        public Builder to(String... userIds) {
            this.toIds.addAll(Arrays.asList(userIds));
            return this;
        }

        public Builder to(Collection<String> userIds) {
            this.toIds.addAll(userIds);
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

        public Builder messageId(String messageId) {
            this.messageId = messageId;
            return this;
        }

        public BatchSend build() {
            return new BatchSend(this);
        }
    }

    public String fromId() {
        return fromId;
    }

    public List<String> toIds() {
        return toIds;
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
        m.put("toIds", toIds);
        m.put("msgType", msgType);
        m.put("content", content);
        if (messageId != null) {
            m.put("messageId", messageId);
        }
        return m;
    }
}
