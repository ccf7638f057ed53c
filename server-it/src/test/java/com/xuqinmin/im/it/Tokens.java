package com.xuqinmin.im.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.RSAPrivateKeySpec;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hand-made JWTs for the refusal tests: userSigs that are wrong in exactly one way (expired, forged,
 * another app, another algorithm, too long-lived). Written from API.md §3.1 with the JDK only, so a
 * bug shared with the server's JWT library cannot hide.
 */
public final class Tokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {
    }

    /** A JWT with this header and these claims, signed with HMAC ({@code HmacSHA256}, {@code HmacSHA512}) or unsigned. */
    public static String jwt(String headerJson, String claimsJson, String hmacAlgorithm, String secret) {
        String signingInput = b64(headerJson) + "." + b64(claimsJson);
        if (hmacAlgorithm == null) {
            return signingInput + ".";
        }
        try {
            Mac mac = Mac.getInstance(hmacAlgorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), hmacAlgorithm));
            return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** userSig claims for the demo app: {@code appKey}, {@code sub}, {@code iat}, {@code exp}. */
    public static String claims(String appKey, String userId, long iat, long exp) {
        return "{\"appKey\":\"" + appKey + "\",\"sub\":\"" + userId + "\",\"iat\":" + iat + ",\"exp\":" + exp + "}";
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** A correct HS256 userSig, made here rather than by the server's code. */
    public static String valid(String userId) {
        return hs256(claims(ItEnv.APP_KEY, userId, now(), now() + 3600), ItEnv.secret());
    }

    /** Expired an hour ago (well past the 60 s of allowed skew). */
    public static String expired(String userId) {
        return hs256(claims(ItEnv.APP_KEY, userId, now() - 7200, now() - 3600), ItEnv.secret());
    }

    /** Signed with a secret that is not the app's. */
    public static String forged(String userId) {
        return hs256(claims(ItEnv.APP_KEY, userId, now(), now() + 3600), "not-the-secret-of-this-app-0123456789abcdef");
    }

    /** Names an app that does not exist (signed with the demo app's secret). */
    public static String unknownApp(String userId) {
        return hs256(claims("ak_nosuchapp000000", userId, now(), now() + 3600), ItEnv.secret());
    }

    /** {@code alg:none}, no signature. */
    public static String algNone(String userId) {
        return jwt("{\"alg\":\"none\",\"typ\":\"JWT\"}", claims(ItEnv.APP_KEY, userId, now(), now() + 3600), null, null);
    }

    /** Correctly signed with the app's secret, but HS512. */
    public static String hs512(String userId) {
        return jwt("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", claims(ItEnv.APP_KEY, userId, now(), now() + 3600),
                "HmacSHA512", ItEnv.secret());
    }

    /** Valid now, but its lifetime is 181 days: above the default maximum of 180. */
    public static String tooLongLived(String userId) {
        return hs256(claims(ItEnv.APP_KEY, userId, now(), now() + 181L * 24 * 3600), ItEnv.secret());
    }

    // ---- im_jwt (API.md §3.2): RS256, made here with the JDK

    /** The server's token signing key: its kid and private key, read from the key set in its data folder. */
    public record ServerKey(String kid, PrivateKey key) {
    }

    public static ServerKey serverKey() {
        Path f = Path.of(System.getProperty("it.data.dir", "target/liberty/wlp/usr/servers/imTest/data"))
                .resolve("jwt-keys.json");
        try (JsonReader r = Json.createReader(new StringReader(Files.readString(f)))) {
            JsonObject k = r.readObject().getJsonArray("keys").getJsonObject(0);
            BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(k.getString("n")));
            BigInteger d = new BigInteger(1, Base64.getUrlDecoder().decode(k.getString("d")));
            return new ServerKey(k.getString("kid"),
                    KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateKeySpec(n, d)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A private key the server has never seen. */
    public static PrivateKey strangerKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair().getPrivate();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** im_jwt claims for a demo-app user, with the given times (seconds). */
    public static String imJwtClaims(String userId, String group, long iat, long exp) {
        return "{\"iss\":\"xuqm-im\",\"sub\":\"" + userId + "\",\"upn\":\"" + userId + "@" + ItEnv.APP_KEY
                + "\",\"groups\":[\"" + group + "\"],\"appKey\":\"" + ItEnv.APP_KEY + "\",\"iat\":" + iat
                + ",\"exp\":" + exp + ",\"jti\":\"" + ItEnv.uid("jti") + "\"}";
    }

    /** An RS256 JWT with this kid and these claims, signed with {@code key}. */
    public static String rs256(String kid, String claimsJson, PrivateKey key) {
        String signingInput = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}") + "."
                + b64(claimsJson);
        try {
            Signature sig = Signature.getInstance("SHA256withRSA");
            sig.initSign(key);
            sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(sig.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An im_jwt for a user, signed with the server's own key, that expired an hour ago. */
    public static String expiredImJwt(String userId) {
        ServerKey k = serverKey();
        return rs256(k.kid(), imJwtClaims(userId, "im-user", now() - 7200, now() - 3600), k.key());
    }

    /** An im_jwt for a user with the server's kid, signed with another key. */
    public static String forgedImJwt(String userId) {
        return rs256(serverKey().kid(), imJwtClaims(userId, "im-user", now(), now() + 3600), strangerKey());
    }

    private static String hs256(String claims, String secret) {
        return jwt("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims, "HmacSHA256", secret);
    }

    private static String b64(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
