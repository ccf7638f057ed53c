package com.xuqinmin.im.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The request signature of API.md §3.3. */
class RequestSignatureTest {

    private static final String SECRET = "test-secret-test-secret-test-secret-0123";

    @Test
    void canonical_form_joins_the_six_parts_with_lf() {
        String c = RequestSignature.canonical("post", "/api/im/admin/users", "b=2&a=1", "1700000000000", "nonce-0123456789",
                "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(c).isEqualTo("POST\n/api/im/admin/users\na=1&b=2\n1700000000000\nnonce-0123456789\n"
                + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    }

    @Test
    void empty_body_hashes_the_empty_string() {
        String c = RequestSignature.canonical("GET", "/x", null, "1", "n", null);
        assertThat(c).endsWith("\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(c).startsWith("GET\n/x\n\n1\nn\n");
    }

    @Test
    void query_is_sorted_by_name_then_value_and_kept_encoded() {
        assertThat(RequestSignature.sortedQuery("z=1&a=%20x&m=2&a=0")).isEqualTo("a=%20x&a=0&m=2&z=1");
        assertThat(RequestSignature.sortedQuery("")).isEmpty();
        assertThat(RequestSignature.sortedQuery("flag&b=1")).isEqualTo("b=1&flag");
    }

    @Test
    void known_answer_hmac() {
        // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), RFC 4231-style vector
        assertThat(RequestSignature.sign("key", "The quick brown fox jumps over the lazy dog"))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    @Test
    void comparison_accepts_only_the_exact_signature_in_any_case() {
        String good = RequestSignature.sign(SECRET, "x");
        assertThat(RequestSignature.matches(good, good)).isTrue();
        assertThat(RequestSignature.matches(good, good.toUpperCase())).isTrue();
        assertThat(RequestSignature.matches(good, good.substring(1) + "0")).isFalse();
        assertThat(RequestSignature.matches(good, good.substring(2))).isFalse();
        assertThat(RequestSignature.matches(good, null)).isFalse();
    }

    @Test
    void nonce_shape() {
        assertThat(RequestSignature.validNonce("abcdefABCDEF0123")).isTrue();
        assertThat(RequestSignature.validNonce("a".repeat(64))).isTrue();
        assertThat(RequestSignature.validNonce("a".repeat(65))).isFalse();
        assertThat(RequestSignature.validNonce("short")).isFalse();
        assertThat(RequestSignature.validNonce("abcdefABCDEF012!")).isFalse();
        assertThat(RequestSignature.validNonce(null)).isFalse();
    }
}
