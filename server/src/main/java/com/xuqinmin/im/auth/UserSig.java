package com.xuqinmin.im.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Date;
import java.util.List;


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
     * Verifies a userSig against the app's secrets (current, then previous during a rotation).
     *
     * @throws ImException TOKEN_INVALID for anything wrong, TOKEN_EXPIRED when only the time is
     */
    public static Claims verify(String token, String expectedAppKey, List<String> secrets, long nowSeconds,
            long skewSeconds, long maxLifetimeSeconds) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            throw invalid("not a JWT");
        }
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.HS256.equals(header.getAlgorithm())) {
            throw invalid("alg must be HS256");
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw invalid("crit header not supported");
        }
        boolean ok = false;
        for (String secret : secrets) {
            byte[] key = secret.getBytes(StandardCharsets.UTF_8);
            try {
                if (jwt.verify(new MACVerifier(key))) {
                    ok = true;
                    break;
                }
            } catch (JOSEException e) {
                // a secret shorter than 256 bits cannot verify anything; try the next one
            }
        }
        if (!ok) {
            throw invalid("bad signature");
        }
        Object appKey = claims.getClaim("appKey");
        if (!(appKey instanceof String a) || !a.equals(expectedAppKey)) {
            throw invalid("appKey claim does not match");
        }
        String sub = claims.getSubject();
        if (sub == null || sub.isEmpty()) {
            throw invalid("sub missing");
        }
        Date iat = claims.getIssueTime();
        Date exp = claims.getExpirationTime();
        if (iat == null || exp == null) {
            throw invalid("iat and exp are required");
        }
        long iatS = iat.getTime() / 1000;
        long expS = exp.getTime() / 1000;
        if (iatS > nowSeconds + skewSeconds) {
            throw invalid("issued in the future");
        }
        if (expS - iatS > maxLifetimeSeconds) {
            throw invalid("lifetime above the app's maximum");
        }
        if (expS <= iatS) {
            throw invalid("exp before iat");
        }
        if (expS + skewSeconds < nowSeconds) {
            throw new ImException(ErrorCode.TOKEN_EXPIRED, "token expired");
        }
        return new Claims(a, sub, iatS, expS);
    }

    private static ImException invalid(String why) {
        return new ImException(ErrorCode.TOKEN_INVALID, "invalid token: " + why);
    }

}
