package com.xuqinmin.im.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** userSig rules of API.md §3.1. */
class UserSigTest {

    private static final String APP = "ak_test";
    private static final String SECRET = "test-secret-test-secret-test-secret-0123";
    private static final long NOW = 1_700_000_000L;
    private static final long MAX = 180L * 24 * 3600;

    private static UserSig.Claims verify(String token, long now) {
        return UserSig.verify(token, APP, List.of(SECRET), now, 60, MAX);
    }

    private static ErrorCode failure(Runnable r) {
        try {
            r.run();
        } catch (ImException e) {
            return e.error();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void a_minted_usersig_verifies_and_names_the_user() {
        String token = UserSig.mint(APP, SECRET, "alice", NOW, 600);
        UserSig.Claims c = verify(token, NOW + 10);
        assertThat(c.appKey()).isEqualTo(APP);
        assertThat(c.userId()).isEqualTo("alice");
        assertThat(c.expiresAt()).isEqualTo(NOW + 600);
        assertThat(UserSig.unverifiedAppKey(token)).isEqualTo(APP);
    }

    @Test
    void known_answer_shared_with_other_implementations() {
        // HS256 over base64url(header).base64url(claims) with the UTF-8 bytes of the secret as key:
        // any JWT library, or the SDK, must produce a token the server accepts; this one is built by hand
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String claims = b64("{\"appKey\":\"" + APP + "\",\"sub\":\"u1\",\"iat\":" + NOW + ",\"exp\":" + (NOW + 600) + "}");
        String token = header + "." + claims + "." + hmac(header + "." + claims);
        assertThat(verify(token, NOW).userId()).isEqualTo("u1");
    }

    @Test
    void wrong_secret_is_refused() {
        String token = UserSig.mint(APP, "another-secret-another-secret-another-1", "alice", NOW, 600);
        assertThat(failure(() -> verify(token, NOW))).isEqualTo(ErrorCode.TOKEN_INVALID);
    }

    @Test
    void previous_secret_still_verifies_during_rotation() {
        String old = "old-secret-old-secret-old-secret-old-secret";
        String token = UserSig.mint(APP, old, "alice", NOW, 600);
        assertThat(UserSig.verify(token, APP, List.of(SECRET, old), NOW, 60, MAX).userId()).isEqualTo("alice");
    }

    @Test
    void alg_none_is_refused() {
        String token = b64("{\"alg\":\"none\"}") + "." + b64("{\"appKey\":\"" + APP + "\",\"sub\":\"a\",\"iat\":" + NOW
                + ",\"exp\":" + (NOW + 60) + "}") + ".";
        assertThat(failure(() -> verify(token, NOW))).isEqualTo(ErrorCode.TOKEN_INVALID);
    }

    @Test
    void other_algorithms_are_refused_even_with_the_right_key() {
        String header = b64("{\"alg\":\"HS512\"}");
        String claims = b64("{\"appKey\":\"" + APP + "\",\"sub\":\"a\",\"iat\":" + NOW + ",\"exp\":" + (NOW + 60) + "}");
        String token = header + "." + claims + "." + hmac(header + "." + claims);
        assertThat(failure(() -> verify(token, NOW))).isEqualTo(ErrorCode.TOKEN_INVALID);
    }

    @Test
    void expiry_allows_sixty_seconds_of_skew_and_no_more() {
        String token = UserSig.mint(APP, SECRET, "alice", NOW, 600);
        assertThat(verify(token, NOW + 600 + 60).userId()).isEqualTo("alice");
        assertThat(failure(() -> verify(token, NOW + 600 + 61))).isEqualTo(ErrorCode.TOKEN_EXPIRED);
    }

    @Test
    void issued_in_the_future_beyond_skew_is_refused() {
        String token = UserSig.mint(APP, SECRET, "alice", NOW + 120, 600);
        assertThat(failure(() -> verify(token, NOW))).isEqualTo(ErrorCode.TOKEN_INVALID);
        assertThat(verify(UserSig.mint(APP, SECRET, "alice", NOW + 30, 600), NOW).userId()).isEqualTo("alice");
    }

    @Test
    void lifetime_above_the_apps_maximum_is_refused() {
        String token = UserSig.mint(APP, SECRET, "alice", NOW, MAX + 1);
        assertThat(failure(() -> verify(token, NOW))).isEqualTo(ErrorCode.TOKEN_INVALID);
    }

    @Test
    void a_token_for_another_app_is_refused() {
        String token = UserSig.mint("ak_other", SECRET, "alice", NOW, 600);
        assertThat(failure(() -> verify(token, NOW))).isEqualTo(ErrorCode.TOKEN_INVALID);
    }

    @Test
    void claims_are_required() {
        String header = b64("{\"alg\":\"HS256\"}");
        for (String claims : List.of("{\"appKey\":\"" + APP + "\",\"iat\":" + NOW + ",\"exp\":" + (NOW + 60) + "}",
                "{\"appKey\":\"" + APP + "\",\"sub\":\"a\",\"exp\":" + (NOW + 60) + "}",
                "{\"appKey\":\"" + APP + "\",\"sub\":\"a\",\"iat\":" + NOW + "}",
                "{\"sub\":\"a\",\"iat\":" + NOW + ",\"exp\":" + (NOW + 60) + "}")) {
            String c = b64(claims);
            String token = header + "." + c + "." + hmac(header + "." + c);
            assertThat(failure(() -> verify(token, NOW))).as(claims).isEqualTo(ErrorCode.TOKEN_INVALID);
        }
    }

    @Test
    void the_appkey_claim_must_be_this_apps_even_when_the_secret_matches() {
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        for (String appKey : List.of("\"ak_other\"", "\"AK_TEST\"", "\"\"", "42", "null", "[\"" + APP + "\"]")) {
            String c = b64("{\"appKey\":" + appKey + ",\"sub\":\"a\",\"iat\":" + NOW + ",\"exp\":" + (NOW + 60) + "}");
            String token = header + "." + c + "." + hmac(header + "." + c);
            assertThat(failure(() -> verify(token, NOW))).as(appKey).isEqualTo(ErrorCode.TOKEN_INVALID);
        }
    }

    @Test
    void the_previous_secret_alone_is_tried_after_the_current_one() {
        String previous = "previous-secret-previous-secret-previous";
        String token = UserSig.mint(APP, previous, "alice", NOW, 600);
        // a current secret too short for HS256 is skipped, not the end of the search
        assertThat(UserSig.verify(token, APP, List.of("short", previous), NOW, 60, MAX).userId()).isEqualTo("alice");
        assertThat(failure(() -> UserSig.verify(token, APP, List.of(SECRET), NOW, 60, MAX)))
                .isEqualTo(ErrorCode.TOKEN_INVALID);
        assertThat(failure(() -> UserSig.verify(token, APP, List.of(), NOW, 60, MAX))).isEqualTo(ErrorCode.TOKEN_INVALID);
    }

    @Test
    void a_missing_iat_is_invalid_even_when_exp_is_fine() {
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String c = b64("{\"appKey\":\"" + APP + "\",\"sub\":\"a\",\"exp\":" + (NOW + 600) + "}");
        String token = header + "." + c + "." + hmac(header + "." + c);
        ImException e = catchThrowableOfType(ImException.class, () -> verify(token, NOW));
        assertThat(e.error()).isEqualTo(ErrorCode.TOKEN_INVALID);
        assertThat(e.getMessage()).startsWith("invalid token: ").contains("iat");
    }

    @Test
    void an_empty_sub_names_nobody() {
        String header = b64("{\"alg\":\"HS256\"}");
        String c = b64("{\"appKey\":\"" + APP + "\",\"sub\":\"\",\"iat\":" + NOW + ",\"exp\":" + (NOW + 60) + "}");
        String token = header + "." + c + "." + hmac(header + "." + c);
        assertThat(failure(() -> verify(token, NOW))).isEqualTo(ErrorCode.TOKEN_INVALID);
    }

    @Test
    void malformed_times_outrank_expiry() {
        // expired, and also wrong in a way no clock can fix: invalid, as the SDK says
        String tooLong = UserSig.mint(APP, SECRET, "alice", NOW - MAX - 1000, MAX + 1);
        assertThat(failure(() -> verify(tooLong, NOW))).isEqualTo(ErrorCode.TOKEN_INVALID);
        String header = b64("{\"alg\":\"HS256\"}");
        String c = b64("{\"appKey\":\"" + APP + "\",\"sub\":\"a\",\"iat\":" + (NOW - 500) + ",\"exp\":" + (NOW - 900) + "}");
        String backwards = header + "." + c + "." + hmac(header + "." + c);
        assertThat(failure(() -> verify(backwards, NOW))).isEqualTo(ErrorCode.TOKEN_INVALID);
    }

    @Test
    void a_crit_header_is_refused_even_one_the_library_understands() {
        // Nimbus processes crit "b64" itself, so with b64 true this token would verify there
        String header = b64("{\"alg\":\"HS256\",\"b64\":true,\"crit\":[\"b64\"]}");
        String c = b64("{\"appKey\":\"" + APP + "\",\"sub\":\"a\",\"iat\":" + NOW + ",\"exp\":" + (NOW + 60) + "}");
        String token = header + "." + c + "." + hmac(header + "." + c);
        ImException e = catchThrowableOfType(ImException.class, () -> verify(token, NOW));
        assertThat(e.error()).isEqualTo(ErrorCode.TOKEN_INVALID);
        assertThat(e.getMessage()).isEqualTo("invalid token: crit header not supported");
    }

    @Test
    void any_jwt_library_header_is_accepted_typ_and_kid_included() {
        // tenants mint with their own libraries: typ absent or other, a kid of their choosing
        for (String h : List.of("{\"alg\":\"HS256\"}", "{\"alg\":\"HS256\",\"typ\":\"jwt\"}",
                "{\"alg\":\"HS256\",\"kid\":\"secret-2024\",\"typ\":\"JWT\"}")) {
            String header = b64(h);
            String c = b64("{\"appKey\":\"" + APP + "\",\"sub\":\"a\",\"iat\":" + NOW + ",\"exp\":" + (NOW + 60) + "}");
            assertThat(verify(header + "." + c + "." + hmac(header + "." + c), NOW).userId()).as(h).isEqualTo("a");
        }
    }

    @Test
    void a_usersig_not_valid_before_a_later_time_is_refused_until_then() {
        String header = b64("{\"alg\":\"HS256\"}");
        String c = b64("{\"appKey\":\"" + APP + "\",\"sub\":\"a\",\"iat\":" + NOW + ",\"nbf\":" + (NOW + 300)
                + ",\"exp\":" + (NOW + 600) + "}");
        String token = header + "." + c + "." + hmac(header + "." + c);
        assertThat(failure(() -> verify(token, NOW))).isEqualTo(ErrorCode.TOKEN_INVALID);
        assertThat(verify(token, NOW + 300 - 60).userId()).isEqualTo("a");
    }

    @Test
    void garbage_is_refused() {
        for (String t : List.of("", "abc", "a.b.c", "....", "eyJhbGciOiJIUzI1NiJ9..")) {
            assertThat(failure(() -> verify(t, NOW))).as(t).isEqualTo(ErrorCode.TOKEN_INVALID);
        }
        assertThat(UserSig.unverifiedAppKey("not a jwt")).isNull();
    }

    @Test
    void a_secret_shorter_than_256_bits_cannot_mint() {
        assertThatThrownBy(() -> UserSig.mint(APP, "short", "alice", NOW, 60)).isInstanceOf(ImException.class);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String hmac(String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
