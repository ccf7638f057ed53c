package com.xuqinmin.im.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.Ulids;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.text.ParseException;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Issues and verifies the platform's own RS256 tokens (API.md §3.2): im_jwt for IM users,
 * tenant_jwt for the console, ops_jwt for operators. Claims: {@code iss}, {@code sub}, {@code upn},
 * {@code groups}, {@code appKey} where it applies, {@code iat}, {@code exp}, {@code jti}.
 */
@ApplicationScoped
public class PlatformTokens {

    public static final String IM_USER = "im-user";
    public static final String IM_ADMIN = "im-admin";
    public static final String TENANT = "tenant";
    public static final String OPS = "ops";

    @Inject
    JwtKeys keys;

    @Inject
    ImConfig config;

    // the one verifier of platform tokens: built once, shared (a configured DefaultJWTProcessor is thread-safe)
    private DefaultJWTProcessor<SecurityContext> processor;

    @PostConstruct
    void init() {
        processor = newProcessor(keys, config.jwtIssuer(), config.clockSkewSeconds());
    }

    /** A verified platform token. */
    public record Claims(String subject, String upn, List<String> groups, String appKey, long expiresAt,
            String keyId) {
        public boolean in(String group) {
            return groups.contains(group);
        }
    }

    /** An issued token and when it expires (Unix ms). */
    public record Issued(String token, long expiresAt) {
    }

    public Issued issue(String subject, String upn, List<String> groups, String appKey, long ttlSeconds) {
        RSAKey key = keys.signer();
        long now = System.currentTimeMillis() / 1000;
        JWTClaimsSet.Builder c = new JWTClaimsSet.Builder()
                .issuer(config.jwtIssuer())
                .subject(subject)
                .claim("upn", upn)
                .claim("groups", groups)
                .issueTime(new Date(now * 1000))
                .expirationTime(new Date((now + ttlSeconds) * 1000))
                .jwtID(Ulids.next());
        if (appKey != null) {
            c.claim("appKey", appKey);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), c.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return new Issued(jwt.serialize(), (now + ttlSeconds) * 1000);
    }

    /**
     * Whether a token looks like one of ours — RS256 with a kid still in the key set — read from its
     * header alone, before (or, where MicroProfile JWT verified it, instead of) verifying it again.
     */
    public boolean looksLikeOurs(String token) {
        JWSHeader h = header(token);
        return h != null && JWSAlgorithm.RS256.equals(h.getAlgorithm()) && keys.byKid(h.getKeyID()).isPresent();
    }

    /**
     * Verifies one of the platform's tokens: RS256 only, a key still in the key set, our issuer,
     * not expired (with the configured skew), not used before its time.
     *
     * @throws ImException TOKEN_INVALID, or TOKEN_EXPIRED when only the time is wrong
     */
    public Claims verify(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw invalid("not a JWT");
        }
        JWTClaimsSet c;
        try {
            c = processor.process(jwt, null);
        } catch (ExpiredJWTException e) {
            throw new ImException(ErrorCode.TOKEN_EXPIRED, "token expired");
        } catch (BadJWSException e) {
            throw invalid("bad signature");
        } catch (BadJWTException e) {
            // the claims verifier's reasons name claims, never their values
            throw invalid(e.getMessage());
        } catch (BadJOSEException e) {
            throw invalid(!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) ? "alg must be RS256"
                    : !JOSEObjectType.JWT.equals(jwt.getHeader().getType()) ? "typ must be JWT" : "unknown key");
        } catch (JOSEException e) {
            throw invalid("bad signature");
        }
        List<String> groups;
        String upn;
        String appKey;
        try {
            groups = c.getStringListClaim("groups");
            upn = c.getStringClaim("upn");
            appKey = c.getStringClaim("appKey");
        } catch (ParseException e) {
            throw invalid("malformed claims");
        }
        if (groups == null) {
            throw invalid("groups must be a list");
        }
        return new Claims(c.getSubject(), upn, List.copyOf(groups), appKey, c.getExpirationTime().getTime(),
                jwt.getHeader().getKeyID());
    }

    static DefaultJWTProcessor<SecurityContext> newProcessor(JwtKeys keys, String issuer, long skewSeconds) {
        // the key set as it is now, at every token: a key removed from it stops verifying at once
        JWKSource<SecurityContext> published = (selector, context) -> selector.select(keys.publicSet());
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        // every token we issue has typ JWT, and always had
        p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, published) {
            @Override
            protected JWKMatcher createJWKMatcher(JWSHeader header) {
                // without a kid Nimbus would try every key; ours always carry one, so none is tried
                return header.getKeyID() == null ? null : super.createJWKMatcher(header);
            }
        });
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "groups", "iat", "exp")) {
            @Override
            public void verify(JWTClaimsSet c, SecurityContext context) throws BadJWTException {
                super.verify(c, context);
                // Nimbus checks exp and nbf, not iat: a token from the future means a wrong clock or a forgery
                if (c.getIssueTime().getTime() > currentTime().getTime() + getMaxClockSkew() * 1000L) {
                    throw new BadJWTException("issued in the future");
                }
            }
        };
        claims.setMaxClockSkew((int) skewSeconds);
        p.setJWTClaimsSetVerifier(claims);
        return p;
    }

    /** The JOSE header of a compact JWS, from its first segment only, or null. */
    private static JWSHeader header(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot < 1) {
            return null;
        }
        try {
            return JWSHeader.parse(new Base64URL(token.substring(0, dot)));
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    private static ImException invalid(String why) {
        return new ImException(ErrorCode.TOKEN_INVALID, "invalid token: " + why);
    }
}
