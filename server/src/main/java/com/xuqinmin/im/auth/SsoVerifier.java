package com.xuqinmin.im.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.ImConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies JWTs from an external, corporate identity provider (API.md §3.6) through its JWKS:
 * asymmetric signatures only (RS256, PS256, ES256 — never HS or none), the expected issuer, and
 * the usual time checks. Keys are fetched on demand and cached; an unknown {@code kid} refetches.
 */
@ApplicationScoped
public class SsoVerifier {

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256,
            JWSAlgorithm.ES256);

    @Inject
    ImConfig config;

    private final ConcurrentHashMap<String, DefaultJWTProcessor<SecurityContext>> processors =
            new ConcurrentHashMap<>();

    /**
     * The claims of a token from {@code issuer}, verified with the keys at {@code jwksUrl}.
     *
     * @throws ImException TOKEN_INVALID (or TOKEN_EXPIRED)
     */
    public JWTClaimsSet verify(String token, String issuer, String jwksUrl) {
        return verify(token, issuer, jwksUrl, null);
    }

    /**
     * As {@link #verify(String, String, String)}, and the token's {@code aud} must name {@code audience}
     * (the client id the provider issued the token for) when that is not null: a token the provider
     * made for another of the company's applications is refused.
     */
    public JWTClaimsSet verify(String token, String issuer, String jwksUrl, String audience) {
        DefaultJWTProcessor<SecurityContext> p = processors.computeIfAbsent(
                issuer + '\u0000' + jwksUrl + '\u0000' + (audience == null ? "" : audience),
                k -> processor(issuer, jwksUrl, audience));
        try {
            return p.process(token, null);
        } catch (BadJOSEException e) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            if (m.contains("xpired")) {
                throw new ImException(ErrorCode.TOKEN_EXPIRED, "SSO token expired");
            }
            throw new ImException(ErrorCode.TOKEN_INVALID, "SSO token rejected");
        } catch (ParseException | com.nimbusds.jose.JOSEException | RuntimeException e) {
            throw new ImException(ErrorCode.TOKEN_INVALID, "SSO token rejected");
        }
    }

    private DefaultJWTProcessor<SecurityContext> processor(String issuer, String jwksUrl, String audience) {
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(URI.create(jwksUrl).toURL()).retrying(true).build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new ImException(ErrorCode.TOKEN_INVALID, "SSO is misconfigured");
        }
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> v = audience == null
                ? new DefaultJWTClaimsVerifier<>(new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp"))
                : new DefaultJWTClaimsVerifier<>(Set.of(audience), new JWTClaimsSet.Builder().issuer(issuer).build(),
                        Set.of("exp", "aud"), null);
        v.setMaxClockSkew((int) config.clockSkewSeconds());
        p.setJWTClaimsSetVerifier(v);
        return p;
    }
}
