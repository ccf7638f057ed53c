package com.xuqinmin.im.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;


/**
 * The userSig (API.md §3.1): an HS256 JWT keyed with the UTF-8 bytes of the AppSecret, with claims
 * {@code appKey}, {@code sub}, {@code iat} and {@code exp}. Only HS256 is accepted. Pure functions:
 * no container needed, so tenants' tools and the tests share exactly this logic.
 */
public final class UserSig {

    /** The claims of a verified userSig. */
    public record Claims(String appKey, String userId, long issuedAt, long expiresAt) {
    }


    private UserSig() {
    }

    /** Mints a userSig valid from {@code nowSeconds} for {@code ttlSeconds}. */
    public static String mint(String appKey, String secret, String userId, long nowSeconds, long ttlSeconds) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .claim("appKey", appKey)
                    .subject(userId)
                    .issueTime(new Date(nowSeconds * 1000))
                    .expirationTime(new Date((nowSeconds + ttlSeconds) * 1000))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                    .type(com.nimbusds.jose.JOSEObjectType.JWT).build(), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new ImException(ErrorCode.INTERNAL_ERROR, "AppSecret too short to sign a userSig (needs 32 bytes)");
        }
    }

    /**
     * The appKey a token claims, read before its signature is checked (to find the key to check it
     * with). Never trust it until {@link #verify} succeeds.
     */
    public static String unverifiedAppKey(String token) {
        try {
            Object v = SignedJWT.parse(token).getJWTClaimsSet().getClaim("appKey");
            return v instanceof String s ? s : null;
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Verifies a userSig against the app's secrets (current, then previous during a rotation), as of
     * {@code nowSeconds}.
     *
     * @throws ImException TOKEN_INVALID for anything wrong, TOKEN_EXPIRED when only the time is
     */
    public static Claims verify(String token, String expectedAppKey, List<String> secrets, long nowSeconds,
            long skewSeconds, long maxLifetimeSeconds) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw invalid("not a JWT");
        }
        JWSHeader header = jwt.getHeader();
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            // Nimbus's MAC verifier processes crit "b64" (RFC 7797) itself and would verify such a token;
            // a userSig never needs one, and the SDK refuses it too
            throw invalid("crit header not supported");
        }
        if (expectedAppKey == null) {
            throw invalid("appKey claim does not match");
        }
        JWTClaimsSet claims;
        try {
            claims = processor(expectedAppKey, secrets, nowSeconds, skewSeconds, maxLifetimeSeconds).process(jwt, null);
        } catch (ExpiredJWTException e) {
            throw new ImException(ErrorCode.TOKEN_EXPIRED, "token expired");
        } catch (BadJWSException e) {
            throw invalid("bad signature");
        } catch (BadJWTException e) {
            // the claims verifier's reasons name claims, never their values
            throw invalid(e.getMessage());
        } catch (BadJOSEException e) {
            // no key was tried: the algorithm is not HS256, or the app has no secret long enough for it
            throw invalid(JWSAlgorithm.HS256.equals(header.getAlgorithm()) ? "bad signature" : "alg must be HS256");
        } catch (JOSEException e) {
            throw invalid("bad signature");
        }
        return new Claims(expectedAppKey, claims.getSubject(), claims.getIssueTime().getTime() / 1000,
                claims.getExpirationTime().getTime() / 1000);
    }

    /**
     * A processor for one verification. It is built per call because what it checks against is the
     * call's: the app's secrets, its appKey and maximum lifetime, and the clock the caller passes
     * (so the tests and the shared vectors run at a fixed time); next to an HMAC it costs nothing.
     */
    private static DefaultJWTProcessor<SecurityContext> processor(String appKey, List<String> secrets,
            long nowSeconds, long skewSeconds, long maxLifetimeSeconds) {
        List<SecretKey> keys = new ArrayList<>(secrets.size());
        for (String secret : secrets) {
            byte[] key = secret.getBytes(StandardCharsets.UTF_8);
            // a secret shorter than 256 bits cannot verify an HS256 token, and Nimbus would stop at it
            // instead of trying the next one
            if (key.length >= 32) {
                keys.add(new SecretKeySpec(key, "HmacSHA256"));
            }
        }
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        // tenants mint userSigs with any JWT library (API.md §3.1), and typ is not part of the rules
        p.setJWSTypeVerifier((type, context) -> {
        });
        // HS256 only, tried with every secret the app has; a kid header, if a library writes one, is
        // ignored as it always was (JWSVerificationKeySelector would match it against key ids we lack)
        p.setJWSKeySelector((h, context) -> JWSAlgorithm.HS256.equals(h.getAlgorithm()) ? keys : List.of());
        DefaultJWTClaimsVerifier<SecurityContext> v = new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().claim("appKey", appKey).build(), Set.of("sub", "iat", "exp")) {
            @Override
            protected Date currentTime() {
                // the caller's clock, not the wall clock's: the shared vectors are checked at their "now"
                return new Date(nowSeconds * 1000);
            }

            @Override
            public void verify(JWTClaimsSet c, SecurityContext context) throws BadJWTException {
                ExpiredJWTException expired = null;
                try {
                    super.verify(c, context);
                } catch (ExpiredJWTException e) {
                    expired = e;
                }
                // what Nimbus does not check; any of these makes the token invalid, not merely expired
                if (c.getSubject().isEmpty()) {
                    throw new BadJWTException("sub missing");
                }
                long iat = c.getIssueTime().getTime() / 1000;
                long exp = c.getExpirationTime().getTime() / 1000;
                if (iat > nowSeconds + skewSeconds) {
                    throw new BadJWTException("issued in the future");
                }
                if (exp - iat > maxLifetimeSeconds) {
                    throw new BadJWTException("lifetime above the app's maximum");
                }
                if (exp <= iat) {
                    throw new BadJWTException("exp before iat");
                }
                if (expired != null) {
                    throw expired;
                }
            }
        };
        // Nimbus accepts while exp + skew > now (and nbf - skew < now); the rule here, in the SDK and in
        // the shared vectors counts whole seconds and accepts through exp + skew == now. With whole
        // seconds on both sides, one second more for Nimbus is exactly that rule.
        v.setMaxClockSkew((int) skewSeconds + 1);
        p.setJWTClaimsSetVerifier(v);
        return p;
    }

    private static ImException invalid(String why) {
        return new ImException(ErrorCode.TOKEN_INVALID, "invalid token: " + why);
    }

}
