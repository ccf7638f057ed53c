package com.xuqinmin.im.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xuqinmin.im.account.AppInfo;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checks of a signed server-API request (auth/RequestVerifier.java), with a fixed clock. */
class RequestVerifierTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final String SECRET = "test-secret-test-secret-test-secret-0123";
    private static final byte[] BODY = "{\"userId\":\"u1\"}".getBytes(StandardCharsets.UTF_8);

    private final Set<String> nonces = new HashSet<>();
    private final RequestVerifier verifier = new RequestVerifier(
            appKey -> appKey.equals("ak_test")
                    ? Optional.of(new AppInfo("ak_test", true, List.of(SECRET), 120, 3600, false, null))
                    : Optional.empty(),
            (appKey, nonce, now, ttl) -> nonces.add(nonce), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC),
            300, 600);

    private static RequestVerifier.SignedRequest signed(String timestamp, String nonce) {
        String signature = RequestSignature.sign(SECRET,
                RequestSignature.canonical("POST", "/api/im/admin/users", null, timestamp, nonce, BODY));
        return new RequestVerifier.SignedRequest("POST", "/api/im/admin/users", null, "ak_test", timestamp, nonce,
                signature);
    }

    private ErrorCode refusal(RequestVerifier.SignedRequest r) {
        try {
            verifier.verify(r, () -> BODY);
            throw new AssertionError("accepted");
        } catch (ImException e) {
            return e.error();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void a_signed_request_verifies_once_then_its_nonce_is_a_replay() throws Exception {
        RequestVerifier.SignedRequest r = signed(Long.toString(NOW - 300_000), "nonce-0123456789abcdef");
        assertThat(verifier.verify(r, () -> BODY)).isEqualTo("ak_test");
        assertThat(refusal(r)).isEqualTo(ErrorCode.NONCE_REPLAYED);
    }

    @Test
    void the_window_is_300_s_either_way() {
        assertThat(refusal(signed(Long.toString(NOW - 300_001), "nonce-0123456789abcde1")))
                .isEqualTo(ErrorCode.TIMESTAMP_EXPIRED);
        assertThat(refusal(signed(Long.toString(NOW + 300_001), "nonce-0123456789abcde2")))
                .isEqualTo(ErrorCode.TIMESTAMP_EXPIRED);
    }

    @Test
    void a_timestamp_is_unix_milliseconds_in_ascii_digits() {
        String now = Long.toString(NOW);
        String arabicIndic = now.chars().mapToObj(c -> String.valueOf((char) ('\u0660' + c - '0')))
                .collect(java.util.stream.Collectors.joining());
        int n = 0;
        // Long.parseLong takes all but the last; the first three it reads as now
        for (String ts : List.of("+" + now, arabicIndic, "0".repeat(6) + now, "-1",
                Long.toString(NOW + Long.MIN_VALUE), Long.toString(Long.MAX_VALUE), "")) {
            // NOW + Long.MIN_VALUE once passed the window: |now - ts| overflowed to Long.MIN_VALUE
            assertThat(refusal(signed(ts, "nonce-0123456789abcd" + n++))).as(ts).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }
        assertThat(refusal(signed("999999999999999999", "nonce-0123456789abcde9"))).isEqualTo(ErrorCode.TIMESTAMP_EXPIRED);
    }

    @Test
    void missing_headers_are_refused_before_the_body_is_read() {
        RequestVerifier.SignedRequest r = new RequestVerifier.SignedRequest("POST", "/x", null, "ak_test", null,
                "nonce-0123456789abcdef", "00");
        assertThatThrownBy(() -> verifier.verify(r, () -> {
            throw new AssertionError("body read");
        })).isInstanceOf(ImException.class)
                .satisfies(e -> assertThat(((ImException) e).error()).isEqualTo(ErrorCode.INVALID_SIGNATURE));
    }

    @Test
    void an_unknown_app_reads_as_a_wrong_signature() {
        RequestVerifier.SignedRequest good = signed(Long.toString(NOW), "nonce-0123456789abcde6");
        RequestVerifier.SignedRequest stranger = new RequestVerifier.SignedRequest(good.method(), good.rawPath(),
                good.rawQuery(), "ak_none", good.timestamp(), good.nonce(), good.signature());
        assertThat(refusal(stranger)).isEqualTo(ErrorCode.INVALID_SIGNATURE);
    }
}
