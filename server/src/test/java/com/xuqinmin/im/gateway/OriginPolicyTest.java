package com.xuqinmin.im.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Origin allow-list of the WebSocket handshake ({@code IM_ORIGINS}). */
class OriginPolicyTest {

    @Test
    void star_allows_every_origin_as_the_original_did() {
        assertThat(HandshakeConfigurator.allows(List.of("*"), "https://evil.example")).isTrue();
    }

    @Test
    void a_list_allows_only_its_origins() {
        List<String> allowed = List.of("https://chat.example.com", "http://localhost:3000");
        assertThat(HandshakeConfigurator.allows(allowed, "https://chat.example.com")).isTrue();
        assertThat(HandshakeConfigurator.allows(allowed, "HTTPS://CHAT.EXAMPLE.COM")).isTrue();
        assertThat(HandshakeConfigurator.allows(allowed, "http://localhost:3000")).isTrue();
        assertThat(HandshakeConfigurator.allows(allowed, "http://localhost:3001")).isFalse();
        assertThat(HandshakeConfigurator.allows(allowed, "https://chat.example.com.evil.example")).isFalse();
    }

    @Test
    void clients_without_an_origin_are_not_browsers_and_pass() {
        assertThat(HandshakeConfigurator.allows(List.of("https://chat.example.com"), null)).isTrue();
    }
}
