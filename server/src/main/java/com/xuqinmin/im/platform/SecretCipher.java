package com.xuqinmin.im.platform;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.logging.Logger;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest (AppSecrets: HMAC needs their plaintext, so they cannot be hashed) with
 * AES-256-GCM under the master key {@code IM_MASTER_KEY}. The embedded mode generates the master key
 * once and keeps it in the data folder; a production start without one refuses to run.
 */
@ApplicationScoped
public class SecretCipher {

    private static final Logger LOG = Logger.getLogger(SecretCipher.class.getName());
    private static final String PREFIX = "v1:";
    private static final String KEY_FILE = "master.key";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    @Inject
    ImConfig config;

    @Inject
    DataFolder dataFolder;

    private final SecureRandom random = new SecureRandom();
    private volatile SecretKey key;

    /** Loads or, in the embedded mode, creates the master key. Called once at start-up. */
    public void init(boolean embedded) {
        String encoded = config.masterKey().orElse(null);
        if (encoded == null) {
            if (!embedded) {
                throw new IllegalStateException("IM_MASTER_KEY is not set: a production start needs a master key "
                        + "(32 random bytes, base64), see docs/configuration.md");
            }
            encoded = dataFolder.read(KEY_FILE).orElse(null);
            if (encoded == null) {
                byte[] k = new byte[32];
                random.nextBytes(k);
                String fresh = Base64.getEncoder().encodeToString(k);
                if (dataFolder.writeSecretIfAbsent(KEY_FILE, fresh)) {
                    LOG.info("Generated a master key in " + dataFolder.root().resolve(KEY_FILE));
                }
                encoded = dataFolder.read(KEY_FILE).orElseThrow();
            }
        }
        key = parseKey(encoded);
    }

    static SecretKey parseKey(String encoded) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encoded.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("IM_MASTER_KEY must be base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("IM_MASTER_KEY must be 32 bytes (256 bits) encoded in base64, not "
                    + raw.length + " bytes");
        }
        return new SecretKeySpec(raw, "AES");
    }

    /** Encrypts {@code plaintext}, binding it to {@code context} (for an AppSecret: its appKey). */
    public String encrypt(String plaintext, String context) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + ct.length)
                    .put(iv).put(ct).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public String decrypt(String encrypted, String context) {
        if (encrypted == null || !encrypted.startsWith(PREFIX)) {
            throw new ImException(ErrorCode.INTERNAL_ERROR, "stored secret has an unknown format");
        }
        try {
            byte[] all = Base64.getDecoder().decode(encrypted.substring(PREFIX.length()));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // a wrong master key lands here: say so without revealing anything else
            throw new ImException(ErrorCode.INTERNAL_ERROR, "stored secret cannot be decrypted with this master key");
        }
    }

    private SecretKey key() {
        SecretKey k = key;
        if (k == null) {
            throw new IllegalStateException("master key not loaded yet");
        }
        return k;
    }
}
