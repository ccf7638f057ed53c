package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end encryption key directory over real HTTP and WebSockets (API.md, "End-to-end
 * encryption keys"): two devices run a real X3DH key agreement through it (X25519 and Ed25519 of the
 * JDK, HKDF-SHA256, AES-GCM) and exchange one ENCRYPTED message that the server stores and delivers
 * without being able to read it; each one-time pre-key is handed out once.
 */
class E2eeKeysIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    // the raw 32 bytes of an X25519 / Ed25519 public key follow a fixed 12-byte X.509 header
    private static final int X509_HEADER = 12;

    // ------------------------------------------------------------------ a device's keys (test side only)

    /** A device: its private keys never leave this object; only public values are published. */
    private static final class Device {
        final String id;
        final KeyPair identity = pair("X25519");
        final KeyPair signing = pair("Ed25519");
        final KeyPair signedPre = pair("X25519");
        final List<KeyPair> oneTime = new ArrayList<>();

        Device(String id, int oneTimeKeys) {
            this.id = id;
            for (int i = 0; i < oneTimeKeys; i++) {
                oneTime.add(pair("X25519"));
            }
        }

        String bundleJson() {
            JsonArrayBuilder otps = Json.createArrayBuilder();
            for (int i = 0; i < oneTime.size(); i++) {
                otps.add(Json.createObjectBuilder().add("keyId", i + 1).add("publicKey", b64(raw(oneTime.get(i).getPublic()))));
            }
            return Json.createObjectBuilder()
                    .add("identityKey", b64(raw(identity.getPublic())))
                    .add("signingKey", b64(raw(signing.getPublic())))
                    .add("signedPreKey", Json.createObjectBuilder().add("keyId", 7)
                            .add("publicKey", b64(raw(signedPre.getPublic())))
                            .add("signature", b64(sign(signing.getPrivate(), raw(signedPre.getPublic())))))
                    .add("oneTimePreKeys", otps)
                    .build().toString();
        }
    }

    private static KeyPair pair(String algorithm) {
        try {
            return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] raw(PublicKey k) {
        byte[] enc = k.getEncoded();
        return Arrays.copyOfRange(enc, X509_HEADER, enc.length);
    }

    private static PublicKey publicKey(String algorithm, byte[] raw) {
        try {
            byte[] header = Arrays.copyOf(pair(algorithm).getPublic().getEncoded(), X509_HEADER);
            byte[] enc = Arrays.copyOf(header, X509_HEADER + raw.length);
            System.arraycopy(raw, 0, enc, X509_HEADER, raw.length);
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(enc));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sign(PrivateKey k, byte[] data) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(k);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean verify(PublicKey k, byte[] data, byte[] sig) throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(k);
        s.update(data);
        return s.verify(sig);
    }

    private static byte[] dh(PrivateKey mine, PublicKey theirs) throws GeneralSecurityException {
        KeyAgreement ka = KeyAgreement.getInstance("X25519");
        ka.init(mine);
        ka.doPhase(theirs, true);
        return ka.generateSecret();
    }

    /** HKDF-SHA256 (RFC 5869) to 32 bytes, with X3DH's 32 0xFF bytes before the DH outputs. */
    private static byte[] kdf(byte[]... dhs) throws GeneralSecurityException {
        byte[] ikm = new byte[32];
        Arrays.fill(ikm, (byte) 0xFF);
        for (byte[] d : dhs) {
            byte[] next = Arrays.copyOf(ikm, ikm.length + d.length);
            System.arraycopy(d, 0, next, ikm.length, d.length);
            ikm = next;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update("XuqmIM X3DH".getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 1);
        return mac.doFinal();
    }

    private static byte[] aesGcm(int mode, byte[] key, byte[] iv, byte[] data, byte[] ad) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        c.updateAAD(ad);
        return c.doFinal(data);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] unb64(String s) {
        return Base64.getDecoder().decode(s);
    }

    // ------------------------------------------------------------------ HTTP helpers

    private static ImClient user(String userId) {
        Admin.importUsers(userId);
        return ImClient.login(userId);
    }

    private static JsonObject ok(Admin.Reply r) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.data();
    }

    private static Admin.Reply call(ImClient c, String method, String path, String json) {
        return ImClient.call(method, path, json, "Bearer " + c.token());
    }

    private static JsonArray bundlesOf(ImClient c, String userId) {
        Admin.Reply r = call(c, "GET", "/api/im/users/" + userId + "/devices/keys", null);
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.body().getJsonArray("data");
    }

    // ------------------------------------------------------------------ tests

    @Test
    void two_devices_agree_on_a_key_through_the_directory_and_exchange_a_message_the_server_cannot_read()
            throws Exception {
        String alice = ItEnv.uid("alice");
        String bob = ItEnv.uid("bob");
        ImClient a = user(alice);
        ImClient b = user(bob);
        Device alicePhone = new Device("alice-phone", 0);
        Device bobPhone = new Device("bob-phone", 3);
        assertThat(ok(call(b, "PUT", "/api/im/devices/bob-phone/keys", bobPhone.bundleJson())).getInt("oneTimePreKeys"))
                .isEqualTo(3);
        ok(call(a, "PUT", "/api/im/devices/alice-phone/keys", alicePhone.bundleJson()));

        // alice takes bob's bundle: one one-time pre-key comes with it and is gone from the directory
        JsonObject bundle = bundlesOf(a, bob).getJsonObject(0);
        assertThat(bundle.getString("deviceId")).isEqualTo("bob-phone");
        assertThat(ok(call(b, "GET", "/api/im/devices/bob-phone/keys", null)).getInt("oneTimePreKeys")).isEqualTo(2);
        PublicKey bobIdentity = publicKey("X25519", unb64(bundle.getString("identityKey")));
        PublicKey bobSigning = publicKey("Ed25519", unb64(bundle.getString("signingKey")));
        JsonObject spk = bundle.getJsonObject("signedPreKey");
        byte[] spkRaw = unb64(spk.getString("publicKey"));
        assertThat(verify(bobSigning, spkRaw, unb64(spk.getString("signature"))))
                .as("the signed pre-key is signed by bob's signing key").isTrue();
        PublicKey bobSignedPre = publicKey("X25519", spkRaw);
        JsonObject otp = bundle.getJsonObject("oneTimePreKey");
        int otpId = otp.getInt("keyId");
        PublicKey bobOneTime = publicKey("X25519", unb64(otp.getString("publicKey")));

        // X3DH on alice's side: DH1 = DH(IKa, SPKb), DH2 = DH(EKa, IKb), DH3 = DH(EKa, SPKb), DH4 = DH(EKa, OPKb)
        KeyPair ephemeral = pair("X25519");
        byte[] sk = kdf(dh(alicePhone.identity.getPrivate(), bobSignedPre), dh(ephemeral.getPrivate(), bobIdentity),
                dh(ephemeral.getPrivate(), bobSignedPre), dh(ephemeral.getPrivate(), bobOneTime));
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        byte[] ad = (alice + "|" + bob).getBytes(StandardCharsets.UTF_8);
        String secret = "meet me at the old mill at nine";
        byte[] ct = aesGcm(Cipher.ENCRYPT_MODE, sk, iv, secret.getBytes(StandardCharsets.UTF_8), ad);
        String content = Json.createObjectBuilder()
                .add("ik", b64(raw(alicePhone.identity.getPublic()))).add("ek", b64(raw(ephemeral.getPublic())))
                .add("spk", spk.getInt("keyId")).add("opk", otpId).add("iv", b64(iv)).add("ct", b64(ct))
                .build().toString();

        try (StompClient sb = StompClient.connect(Tokens.valid(bob), "bob-phone");
             StompClient sa = StompClient.connect(Tokens.valid(alice), "alice-phone")) {
            sb.subscribe("m", "/user/queue/messages");
            sa.sendJson("/app/chat.send", Json.createObjectBuilder().add("toId", bob).add("chatType", "SINGLE")
                    .add("msgType", "ENCRYPTED").add("content", content).add("messageId", ItEnv.uid("m"))
                    .build().toString(), "sent");
            sa.awaitReceipt("sent");
            JsonObject got = sb.awaitMessage("/user/queue/messages");
            assertThat(got.getString("msgType")).isEqualTo("ENCRYPTED");
            assertThat(got.getString("content")).as("stored and delivered as sent").isEqualTo(content);
            assertThat(got.getString("content")).doesNotContain(secret);

            // X3DH on bob's side, with his private keys and what the message carries
            JsonObject env = Json.createReader(new StringReader(got.getString("content"))).readObject();
            PrivateKey opkPrivate = bobPhone.oneTime.get(env.getInt("opk") - 1).getPrivate();
            PublicKey ik = publicKey("X25519", unb64(env.getString("ik")));
            PublicKey ek = publicKey("X25519", unb64(env.getString("ek")));
            byte[] skBob = kdf(dh(bobPhone.signedPre.getPrivate(), ik), dh(bobPhone.identity.getPrivate(), ek),
                    dh(bobPhone.signedPre.getPrivate(), ek), dh(opkPrivate, ek));
            byte[] plain = aesGcm(Cipher.DECRYPT_MODE, skBob, unb64(env.getString("iv")), unb64(env.getString("ct")), ad);
            assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(secret);
        }
    }

    @Test
    void each_one_time_pre_key_is_handed_out_once_and_then_the_bundle_comes_without_one() {
        String carol = ItEnv.uid("carol");
        String dave = ItEnv.uid("dave");
        ImClient c = user(carol);
        ImClient d = user(dave);
        ok(call(d, "PUT", "/api/im/devices/d1/keys", new Device("d1", 2).bundleJson()));
        ok(call(d, "PUT", "/api/im/devices/d2/keys", new Device("d2", 1).bundleJson()));

        List<Integer> taken = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonArray bundles = bundlesOf(c, dave);
            assertThat(bundles).hasSize(2);
            JsonObject d1 = bundles.getJsonObject(0);
            assertThat(d1.getString("deviceId")).isEqualTo("d1");
            if (i < 2) {
                taken.add(d1.getJsonObject("oneTimePreKey").getInt("keyId"));
            } else {
                assertThat(!d1.containsKey("oneTimePreKey") || d1.isNull("oneTimePreKey"))
                        .as("d1 has none left").isTrue();
            }
            JsonObject d2 = bundles.getJsonObject(1);
            if (i == 0) {
                assertThat(d2.getJsonObject("oneTimePreKey").getInt("keyId")).isEqualTo(1);
            } else {
                assertThat(!d2.containsKey("oneTimePreKey") || d2.isNull("oneTimePreKey")).isTrue();
            }
        }
        assertThat(taken).containsExactly(1, 2);
        assertThat(ok(call(d, "GET", "/api/im/devices/d1/keys", null)).getInt("oneTimePreKeys")).isZero();

        // withdrawn keys are gone for everyone
        ok(call(d, "DELETE", "/api/im/devices/d2/keys", null));
        assertThat(bundlesOf(c, dave)).hasSize(1);
        assertThat(call(d, "GET", "/api/im/devices/d2/keys", null).status()).isEqualTo(404);
    }

    @Test
    void bad_keys_and_unknown_users_get_clear_errors_and_a_blocked_user_gets_no_keys() {
        String erin = ItEnv.uid("erin");
        String frank = ItEnv.uid("frank");
        ImClient e = user(erin);
        ImClient f = user(frank);
        Admin.Reply notBase64 = call(e, "PUT", "/api/im/devices/e1/keys",
                "{\"identityKey\":\"not base64!\",\"signedPreKey\":{\"keyId\":1,\"publicKey\":\"" + b64(new byte[32])
                        + "\",\"signature\":\"" + b64(new byte[64]) + "\"}}");
        assertThat(notBase64.status()).isEqualTo(400);
        assertThat(notBase64.body().getString("error")).isEqualTo("VALIDATION_FAILED");
        assertThat(notBase64.body().getString("message")).isEqualTo("identityKey must be base64");
        Admin.Reply tooShort = call(e, "PUT", "/api/im/devices/e1/keys",
                "{\"identityKey\":\"" + b64(new byte[8]) + "\",\"signedPreKey\":{\"keyId\":1,\"publicKey\":\""
                        + b64(new byte[32]) + "\",\"signature\":\"" + b64(new byte[64]) + "\"}}");
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.body().getString("message")).isEqualTo("identityKey must be 32 to 128 bytes, not 8");
        Admin.Reply noSpk = call(e, "PUT", "/api/im/devices/e1/keys", "{\"identityKey\":\"" + b64(new byte[32]) + "\"}");
        assertThat(noSpk.body().getString("message")).isEqualTo("signedPreKey is required");

        Admin.Reply unknown = call(e, "GET", "/api/im/users/" + ItEnv.uid("nobody") + "/devices/keys", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().getString("error")).isEqualTo("USER_NOT_FOUND");

        ok(call(f, "PUT", "/api/im/devices/f1/keys", new Device("f1", 1).bundleJson()));
        ok(f.post("/api/im/blocks", "{\"userId\":\"" + erin + "\"}"));
        Admin.Reply blocked = call(e, "GET", "/api/im/users/" + frank + "/devices/keys", null);
        assertThat(blocked.status()).isEqualTo(403);
        assertThat(blocked.body().getString("error")).isEqualTo("BLOCKED");
        // and nothing was taken by the refused call
        assertThat(ok(call(f, "GET", "/api/im/devices/f1/keys", null)).getInt("oneTimePreKeys")).isEqualTo(1);
    }
}
