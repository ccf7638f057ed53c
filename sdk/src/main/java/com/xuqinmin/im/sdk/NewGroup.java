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
 * A group to create: a name, an owner, optionally its id (the server makes one when absent) and its
 * first members. Immutable; made by {@link #builder()}.
 */
public final class NewGroup {
    private final String groupId;
    private final String name;
    private final String ownerId;
    private final List<String> memberIds;

    private NewGroup(Builder b) {
        this.groupId = b.groupId;
        this.name = Objects.requireNonNull(b.name, "name");
        this.ownerId = Objects.requireNonNull(b.ownerId, "ownerId");
        this.memberIds = Collections.unmodifiableList(new ArrayList<>(b.memberIds));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link NewGroup}; not thread-safe. */
    public static final class Builder {
        private String groupId;
        private String name;
        private String ownerId;
        private final List<String> memberIds = new ArrayList<>();

        private Builder() {
        }

        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder owner(String ownerId) {
            this.ownerId = ownerId;
            return this;
        }

        public Builder members(String... userIds) {
            this.memberIds.addAll(Arrays.asList(userIds));
            return this;
        }

        public Builder members(Collection<String> userIds) {
            this.memberIds.addAll(userIds);
            return this;
        }

        public NewGroup build() {
            return new NewGroup(this);
        }
    }

    public String groupId() {
        return groupId;
    }

    public String name() {
        return name;
    }

    public String ownerId() {
        return ownerId;
    }

    public List<String> memberIds() {
        return memberIds;
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (groupId != null) {
            m.put("groupId", groupId);
        }
        m.put("name", name);
        m.put("ownerId", ownerId);
        m.put("memberIds", memberIds);
        return m;
    }
}
