package com.xuqinmin.im.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.Ulids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.text.ParseException;
import java.util.Date;
import java.util.List;
import java.util.Optional;

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

    /** Whether a token looks like one of ours (RS256 with a kid we publish), before verifying it. */
    public boolean looksLikeOurs(String token) {
        try {
            JWSHeader h = SignedJWT.parse(token).getHeader();
            return JWSAlgorithm.RS256.equals(h.getAlgorithm()) && keys.byKid(h.getKeyID()).isPresent();
        } catch (ParseException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Verifies one of the platform's tokens: RS256 only, a key still in the key set, our issuer,
     * not expired (with the configured skew), not used before its time.
     *
     * @throws ImException TOKEN_INVALID, or TOKEN_EXPIRED when only the time is wrong
     */
    public Claims verify(String token) {
        SignedJWT jwt;
        JWTClaimsSet c;
        try {
            jwt = SignedJWT.parse(token);
            c = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            throw invalid("not a JWT");
        }
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            throw invalid("alg must be RS256");
        }
        Optional<RSAKey> key = keys.byKid(jwt.getHeader().getKeyID());
        if (key.isEmpty()) {
            throw invalid("unknown key");
        }
        try {
            if (!jwt.verify(new RSASSAVerifier(key.get().toRSAPublicKey()))) {
                throw invalid("bad signature");
            }
        } catch (JOSEException e) {
            throw invalid("bad signature");
        }
        if (!config.jwtIssuer().equals(c.getIssuer())) {
            throw invalid("wrong issuer");
        }
        long now = System.currentTimeMillis();
        long skew = config.clockSkewSeconds() * 1000;
        if (c.getExpirationTime() == null) {
            throw invalid("exp is required");
        }
        if (c.getNotBeforeTime() != null && c.getNotBeforeTime().getTime() > now + skew) {
            throw invalid("not valid yet");
        }
        if (c.getIssueTime() != null && c.getIssueTime().getTime() > now + skew) {
            throw invalid("issued in the future");
        }
        if (c.getExpirationTime().getTime() + skew < now) {
            throw new ImException(ErrorCode.TOKEN_EXPIRED, "token expired");
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
        if (c.getSubject() == null || groups == null) {
            throw invalid("sub and groups are required");
        }
        return new Claims(c.getSubject(), upn, List.copyOf(groups), appKey, c.getExpirationTime().getTime(),
                jwt.getHeader().getKeyID());
    }

    private static ImException invalid(String why) {
        return new ImException(ErrorCode.TOKEN_INVALID, "invalid token: " + why);
    }
}
