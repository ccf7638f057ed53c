package com.xuqinmin.im.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The webhook signature check: exactly the documented HMAC, the window, and nothing else accepted. */
class WebhooksTest {

    private static final String SECRET = "kM3vW9qT2xY7pL5nR8sD1fG4hJ6bC0aZ-example";
    private static final long NOW = 1_795_633_930_123L;
    private static final byte[] BODY = "{\"event\":\"ping\",\"appKey\":\"ak_x\",\"eventId\":\"01J\",\"timestamp\":1}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void the_signature_is_hex_hmac_sha256_over_timestamp_newline_body() throws Exception {
        String ts = Long.toString(NOW);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((ts + "\n" + new String(BODY, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (byte b : expected) {
            hex.append(String.format("%02x", b));
        }
        assertEquals(hex.toString(), Webhooks.sign(SECRET, ts, BODY));
        assertTrue(Webhooks.verify(SECRET, ts, BODY, hex.toString(), 300, NOW));
        assertTrue(Webhooks.verify(SECRET, ts, BODY, hex.toString().toUpperCase(), 300, NOW), "hex in either case");
    }

    @Test
    void another_secret_body_or_timestamp_fails() {
        String ts = Long.toString(NOW);
        String sig = Webhooks.sign(SECRET, ts, BODY);
        assertFalse(Webhooks.verify(SECRET + "x", ts, BODY, sig, 300, NOW));
        byte[] changed = BODY.clone();
        changed[3] ^= 1;
        assertFalse(Webhooks.verify(SECRET, ts, changed, sig, 300, NOW));
        assertFalse(Webhooks.verify(SECRET, Long.toString(NOW + 1), BODY, sig, 300, NOW));
    }

    @Test
    void a_timestamp_outside_the_window_fails_either_way() {
        String old = Long.toString(NOW - 300_001);
        String future = Long.toString(NOW + 300_001);
        String edge = Long.toString(NOW - 300_000);
        assertFalse(Webhooks.verify(SECRET, old, BODY, Webhooks.sign(SECRET, old, BODY), 300, NOW));
        assertFalse(Webhooks.verify(SECRET, future, BODY, Webhooks.sign(SECRET, future, BODY), 300, NOW));
        assertTrue(Webhooks.verify(SECRET, edge, BODY, Webhooks.sign(SECRET, edge, BODY), 300, NOW));
    }

    @Test
    void missing_or_malformed_headers_are_false_not_exceptions() {
        String ts = Long.toString(NOW);
        String sig = Webhooks.sign(SECRET, ts, BODY);
        assertFalse(Webhooks.verify(SECRET, null, BODY, sig, 300, NOW));
        assertFalse(Webhooks.verify(SECRET, ts, BODY, null, 300, NOW));
        assertFalse(Webhooks.verify(SECRET, "soon", BODY, sig, 300, NOW));
        assertFalse(Webhooks.verify(SECRET, ts, BODY, sig.substring(2), 300, NOW));
        assertFalse(Webhooks.verify(SECRET, ts, BODY, "zz" + sig.substring(2), 300, NOW));
    }
}
