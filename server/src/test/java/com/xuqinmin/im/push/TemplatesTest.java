package com.xuqinmin.im.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {

    @Test
    void placeholders_are_filled_unknown_ones_kept_missing_values_empty() {
        Map<String, String> v = new HashMap<>();
        v.put("senderNickname", "Alice");
        v.put("content", "hi {content}");
        v.put("groupName", null);
        assertThat(Templates.render("{senderNickname} in {groupName}: {content} {nope} {", v))
                .isEqualTo("Alice in : hi {content} {nope} {");
    }

    @Test
    void hidden_content_shows_neither_sender_nor_text() {
        PushSettings.AppPush app = new PushSettings.AppPush("a", null, null, "{senderNickname}", "{content}", true, 1);
        Providers.Notification n = Pusher.notification(app, new Pusher.Message("s:a:b", "m1", "alice", "Alice", null,
                "TEXT", "secret"), 3);
        assertThat(n.title()).isNull();
        assertThat(n.body()).isEqualTo("You have a new message");
        assertThat(n.badge()).isEqualTo(3);
    }

    @Test
    void non_text_content_is_named_by_its_type_and_the_nickname_falls_back_to_the_id() {
        PushSettings.AppPush app = new PushSettings.AppPush("a", null, null, "{senderNickname} ({groupName})",
                "{content}", false, 1);
        Providers.Notification n = Pusher.notification(app, new Pusher.Message("g:x", "m1", "alice", null, "Team",
                "IMAGE", "{\"url\":\"u\"}"), 0);
        assertThat(n.title()).isEqualTo("alice (Team)");
        assertThat(n.body()).isEqualTo("[image]");
    }
}
