package com.xuqinmin.im.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryCodecTest {

    @Test
    void everyEventRoundTrips() {
        List<ImEvent> all = List.of(
                new MessageStored("ak", "g:g1", true, "a", "g1", 42, "{\"content\":\"hi \\\"you\\\"\"}", "sess1", 1234),
                new MessageStored("ak", "s:a:b", false, "a", "b", 3, "{}", null, 5),
                new MessageRevoked("ak", "s:a:b", false, "a", "b", 7, "{}", null),
                new MessageRevoked("ak", "g:g1", true, "a", "g1", 8, "{}", "sess2"),
                new MessageEdited("ak", "s:a:b", false, "a", "b", 7, "{\"type\":\"EDITED\"}", "sess3"),
                new MessageEdited("ak", "g:g1", true, "a", "g1", 8, "{}", null),
                new ConversationRead("ak", "s:a:b", "b", 9, List.of("a", "b"), "{\"type\":\"READ\"}", null, 7),
                new UserKicked("ak", "u", "kicked by the app"),
                new SessionsKicked("ak", "u", List.of("s1", "s2"), "logged in on another ios device"),
                new MemberLeft("ak", "g1", "u"),
                new GroupDismissed("ak", "g1"),
                new AppChanged("ak", true),
                new UserChanged("ak", "u"),
                new com.xuqinmin.im.delivery.RelationChanged("ak", "u", "v"),
                new com.xuqinmin.im.delivery.NoticeStored("ak", "u", 3, "{\"seq\":3}"),
                new Typing("ak", "a", false, "b", "{\"fromId\":\"a\"}"),
                new Typing("ak", "a", true, "g1", "{}"),
                new PresenceChanged("ak", "u", true, List.of("v", "w"), "{\"online\":true}"),
                new PresenceChanged("ak", "u", false, List.of(), "{}"));
        java.util.Set<String> kinds = new java.util.HashSet<>();
        all.forEach(e -> kinds.add(e.getClass().getName()));
        java.util.Set<String> permitted = new java.util.HashSet<>();
        for (Class<?> c : ImEvent.class.getPermittedSubclasses()) {
            permitted.add(c.getName());
        }
        assertThat(kinds).as("every kind of event").isEqualTo(permitted);
        for (ImEvent d : all) {
            DeliveryCodec.Envelope e = DeliveryCodec.decode(DeliveryCodec.encode("node1", 99, d));
            assertThat(e.event()).isEqualTo(d);
            assertThat(e.node()).isEqualTo("node1");
            assertThat(e.publishedAt()).isEqualTo(99);
        }
    }

    @Test
    void somethingElseIsRefused() {
        assertThatThrownBy(() -> DeliveryCodec.decode("{\"type\":\"x\",\"appKey\":\"a\",\"node\":\"n\",\"at\":1}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeliveryCodec.decode("not json")).isInstanceOf(IllegalArgumentException.class);
    }
}
