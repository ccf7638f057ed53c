package com.xuqinmin.im.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The local userSig and nonce rules beyond the shared vectors. */
class UserSigTest {

    private static final String SECRET = "kM3vW9qT2xY7pL5nR8sD1fG4hJ6bC0aZ-example";
    private static final long NOW = 1_795_633_930L;

    @Test
    void a_minted_usersig_has_the_servers_header_and_claims() {
        String[] parts = UserSig.mint("ak_demo_chat", SECRET, "alice", NOW, 600).split("\\.");
        assertEquals("{\"typ\":\"JWT\",\"alg\":\"HS256\"}", decode(parts[0]));
        assertEquals("{\"sub\":\"alice\",\"appKey\":\"ak_demo_chat\",\"exp\":" + (NOW + 600) + ",\"iat\":" + NOW + "}",
                decode(parts[1]));
    }

    @Test
    void a_usersig_expires_after_its_lifetime_and_the_skew() {
        String sig = UserSig.mint("ak_demo_chat", SECRET, "alice", NOW, 600);
        assertEquals("alice", UserSig.verify(sig, "ak_demo_chat", SECRET, NOW + 600 + 60).userId());
        ImException e = assertThrows(ImException.class, () -> UserSig.verify(sig, "ak_demo_chat", SECRET, NOW + 600 + 61));
        assertEquals("TOKEN_EXPIRED", e.error());
        assertEquals(401, e.code());
    }

    @Test
    void a_secret_too_short_for_hs256_or_a_lifetime_below_a_second_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> UserSig.mint("ak", "short-secret", "alice", NOW, 600));
        assertThrows(IllegalArgumentException.class, () -> UserSig.mint("ak", SECRET, "alice", NOW, 0));
        assertThrows(IllegalArgumentException.class, () -> UserSig.verify("a.b.c", "ak", "short-secret", NOW));
    }

    @Test
    void nonces_have_the_shape_the_server_wants_and_do_not_repeat() {
        String a = RequestSigner.newNonce();
        assertTrue(a.matches("[A-Za-z0-9_-]{16,64}"), a);
        assertNotEquals(a, RequestSigner.newNonce());
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }
}
