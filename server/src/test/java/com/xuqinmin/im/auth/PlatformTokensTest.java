package com.xuqinmin.im.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.DataFolder;
import com.xuqinmin.im.platform.ImConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform's own tokens (API.md §3.2) as the one verifier sees them. The key set is generated
 * into a temporary data folder for each test, as the embedded mode generates it at the first start.
 */
class PlatformTokensTest {

    private static final String ISSUER = "xuqm-im-test";

    @TempDir
    Path dataDir;

    private JwtKeys keys;
    private PlatformTokens tokens;

    @BeforeEach
    void keySet() {
        ImConfig config = new ImConfig() {
            @Override
            public String jwtIssuer() {
                return ISSUER;
            }

            @Override
            public long clockSkewSeconds() {
                return 60;
            }

            @Override
            public Optional<String> jwtKeys() {
                return Optional.empty();
            }

            @Override
            public Optional<String> jwtKeysFile() {
                return Optional.empty();
            }
        };
        keys = new JwtKeys();
        keys.config = config;
        keys.dataFolder = new DataFolder() {
            @Override
            public Path root() {
                return dataDir;
            }
        };
        keys.init();
        tokens = new PlatformTokens();
        tokens.keys = keys;
        tokens.config = config;
        tokens.init();
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** The claims the platform issues for an IM user, to vary one at a time. */
    private static JWTClaimsSet.Builder imJwt() {
        long now = now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject("alice").claim("upn", "alice@ak_test")
                .claim("groups", List.of(PlatformTokens.IM_USER)).claim("appKey", "ak_test")
                .issueTime(new Date(now * 1000)).expirationTime(new Date((now + 600) * 1000)).jwtID("j1");
    }

    private static JWSHeader.Builder rs256(RSAKey key) {
        return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT);
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private String signed(JWTClaimsSet claims) {
        RSAKey key = keys.signer();
        try {
            return sign(rs256(key).build(), claims, new RSASSASigner(key));
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private ImException refusal(String token) {
        ImException e = catchThrowableOfType(ImException.class, () -> tokens.verify(token));
        assertThat(e).as("refused").isNotNull();
        return e;
    }

    @Test
    void an_issued_token_verifies_and_says_whom_it_names() {
        PlatformTokens.Issued issued = tokens.issue("alice", "alice@ak_test",
                List.of(PlatformTokens.IM_USER, PlatformTokens.IM_ADMIN), "ak_test", 600);
        PlatformTokens.Claims c = tokens.verify(issued.token());
        assertThat(c.subject()).isEqualTo("alice");
        assertThat(c.upn()).isEqualTo("alice@ak_test");
        assertThat(c.groups()).containsExactly(PlatformTokens.IM_USER, PlatformTokens.IM_ADMIN);
        assertThat(c.appKey()).isEqualTo("ak_test");
        assertThat(c.expiresAt()).isEqualTo(issued.expiresAt());
        assertThat(c.keyId()).isEqualTo(keys.signer().getKeyID());
        assertThat(tokens.looksLikeOurs(issued.token())).isTrue();
    }

    @Test
    void a_console_token_without_an_appkey_verifies() {
        PlatformTokens.Claims c = tokens.verify(tokens.issue("42", "dev@acme.example",
                List.of(PlatformTokens.TENANT), null, 600).token());
        assertThat(c.appKey()).isNull();
        assertThat(c.in(PlatformTokens.TENANT)).isTrue();
    }

    @Test
    void another_issuer_is_refused() {
        ImException e = refusal(signed(imJwt().issuer("someone-else").build()));
        assertThat(e.error()).isEqualTo(ErrorCode.TOKEN_INVALID);
        assertThat(e.getMessage()).startsWith("invalid token: ");
    }

    @Test
    void expiry_beyond_the_skew_is_token_expired_and_within_it_is_accepted() {
        long now = now();
        String expired = signed(imJwt().issueTime(new Date((now - 900) * 1000))
                .expirationTime(new Date((now - 120) * 1000)).build());
        ImException e = refusal(expired);
        assertThat(e.error()).isEqualTo(ErrorCode.TOKEN_EXPIRED);
        String withinSkew = signed(imJwt().issueTime(new Date((now - 900) * 1000))
                .expirationTime(new Date((now - 30) * 1000)).build());
        assertThat(tokens.verify(withinSkew).subject()).isEqualTo("alice");
    }

    @Test
    void an_expired_token_of_another_issuer_is_invalid_not_expired() {
        long now = now();
        String token = signed(imJwt().issuer("someone-else").issueTime(new Date((now - 900) * 1000))
                .expirationTime(new Date((now - 120) * 1000)).build());
        assertThat(refusal(token).error()).isEqualTo(ErrorCode.TOKEN_INVALID);
    }

    @Test
    void a_token_not_yet_valid_is_refused() {
        String token = signed(imJwt().notBeforeTime(new Date((now() + 300) * 1000)).build());
        assertThat(refusal(token).error()).isEqualTo(ErrorCode.TOKEN_INVALID);
    }

    @Test
    void a_token_issued_in_the_future_beyond_the_skew_is_refused() {
        long now = now();
        String token = signed(imJwt().issueTime(new Date((now + 300) * 1000))
                .expirationTime(new Date((now + 900) * 1000)).build());
        assertThat(refusal(token).error()).isEqualTo(ErrorCode.TOKEN_INVALID);
        String withinSkew = signed(imJwt().issueTime(new Date((now + 30) * 1000)).build());
        assertThat(tokens.verify(withinSkew).subject()).isEqualTo("alice");
    }

    @Test
    void required_claims_are_required() {
        for (String claim : List.of("groups", "sub", "exp", "iat")) {
            JWTClaimsSet.Builder b = imJwt();
            b.claim(claim, null);
            ImException e = refusal(signed(b.build()));
            assertThat(e.error()).as(claim).isEqualTo(ErrorCode.TOKEN_INVALID);
        }
        assertThat(refusal(signed(imJwt().claim("groups", "im-user").build())).error())
                .as("groups not a list").isEqualTo(ErrorCode.TOKEN_INVALID);
    }

    @Test
    void an_unknown_kid_or_none_is_refused() {
        RSAKey key = keys.signer();
        try {
            String unknown = sign(rs256(key).keyID("k-unknown").build(), imJwt().build(), new RSASSASigner(key));
            assertThat(refusal(unknown).error()).isEqualTo(ErrorCode.TOKEN_INVALID);
            assertThat(tokens.looksLikeOurs(unknown)).isFalse();
            // signed by our key, but without a kid nothing is tried
            String noKid = sign(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                    imJwt().build(), new RSASSASigner(key));
            assertThat(refusal(noKid).error()).isEqualTo(ErrorCode.TOKEN_INVALID);
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void another_key_borrowing_our_kid_is_refused() throws Exception {
        RSAKey attacker = new RSAKey.Builder(JwtKeys.generate()).keyID(keys.signer().getKeyID()).build();
        String token = sign(rs256(attacker).build(), imJwt().build(), new RSASSASigner(attacker));
        assertThat(refusal(token).error()).isEqualTo(ErrorCode.TOKEN_INVALID);
    }

    @Test
    void a_key_removed_from_the_set_stops_verifying_at_once() {
        String old = tokens.issue("alice", "alice@ak_test", List.of(PlatformTokens.IM_USER), "ak_test", 600).token();
        String oldKid = keys.signer().getKeyID();
        keys.rotate();
        assertThat(tokens.verify(old).keyId()).as("still in the set after a rotation").isEqualTo(oldKid);
        String fresh = tokens.issue("alice", "alice@ak_test", List.of(PlatformTokens.IM_USER), "ak_test", 600).token();
        keys.remove(oldKid);
        assertThat(refusal(old).error()).isEqualTo(ErrorCode.TOKEN_INVALID);
        assertThat(tokens.looksLikeOurs(old)).isFalse();
        assertThat(tokens.verify(fresh).subject()).isEqualTo("alice");
    }

    @Test
    void alg_none_is_refused() {
        String token = new PlainJWT(imJwt().build()).serialize();
        assertThat(refusal(token).error()).isEqualTo(ErrorCode.TOKEN_INVALID);
        assertThat(tokens.looksLikeOurs(token)).isFalse();
    }

    @Test
    void hs256_keyed_with_our_public_key_is_refused() throws Exception {
        // algorithm confusion: a verifier that took "the key" for the header's alg would accept this
        RSAKey published = keys.publicSet().getKeys().get(0).toRSAKey();
        for (byte[] secret : List.of(published.toRSAPublicKey().getEncoded(),
                published.toJSONString().getBytes(StandardCharsets.UTF_8))) {
            String token = sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(published.getKeyID())
                    .type(JOSEObjectType.JWT).build(), imJwt().build(), new MACSigner(secret));
            ImException e = refusal(token);
            assertThat(e.error()).isEqualTo(ErrorCode.TOKEN_INVALID);
            assertThat(e.getMessage()).isEqualTo("invalid token: alg must be RS256");
            assertThat(tokens.looksLikeOurs(token)).isFalse();
        }
    }

    @Test
    void a_tampered_payload_is_refused() {
        String token = signed(imJwt().build());
        String[] parts = token.split("\\.");
        String other = new Payload(imJwt().subject("mallory").build().toJSONObject()).toBase64URL().toString();
        assertThat(refusal(parts[0] + "." + other + "." + parts[2]).getMessage())
                .isEqualTo("invalid token: bad signature");
    }

    @Test
    void only_typ_jwt_is_ours() throws Exception {
        RSAKey key = keys.signer();
        String token = sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), imJwt().build(),
                new RSASSASigner(key));
        assertThat(refusal(token).error()).isEqualTo(ErrorCode.TOKEN_INVALID);
    }

    @Test
    void garbage_is_refused() {
        for (String t : List.of("", "abc", "a.b.c", "....", "eyJhbGciOiJSUzI1NiJ9..")) {
            assertThat(refusal(t).error()).as(t).isEqualTo(ErrorCode.TOKEN_INVALID);
            assertThat(tokens.looksLikeOurs(t)).as(t).isFalse();
        }
        assertThat(tokens.looksLikeOurs(null)).isFalse();
    }
}
