package com.xuqinmin.im.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConversationIdTest {

    @Test
    void single_chat_ids_order_the_two_users() {
        assertThat(ConversationId.single("user_002", "user_001")).isEqualTo("s:user_001:user_002");
        assertThat(ConversationId.single("user_001", "user_002")).isEqualTo("s:user_001:user_002");
        assertThat(ConversationId.single("u", "u")).isEqualTo("s:u:u");
    }

    @Test
    void single_chat_ids_parse_back_and_junk_does_not() {
        assertThat(ConversationId.usersOf("s:a:b")).containsExactly("a", "b");
        assertThat(ConversationId.usersOf("s:a")).isNull();
        assertThat(ConversationId.usersOf("s::b")).isNull();
        assertThat(ConversationId.usersOf("s:a:b:c")).isNull();
        assertThat(ConversationId.usersOf("g:x")).isNull();
    }

    @Test
    void group_ids() {
        assertThat(ConversationId.group("g1")).isEqualTo("g:g1");
        assertThat(ConversationId.groupOf("g:g1")).isEqualTo("g1");
        assertThat(ConversationId.groupOf("s:a:b")).isNull();
    }
}
