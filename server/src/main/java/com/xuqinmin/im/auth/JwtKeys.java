package com.xuqinmin.im.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.DataFolder;
import com.xuqinmin.im.platform.ImConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The RS256 key set that signs and verifies the platform's own tokens (im_jwt, tenant_jwt,
 * ops_jwt). The first key signs; every key in the set verifies, so a rotation adds a new first key
 * and the old one keeps verifying until it is removed. The set comes from configuration
 * ({@code IM_JWT_KEYS}, a JWKS with private keys, or {@code IM_JWT_KEYS_FILE}, a path to one, re-read
 * when it changes); without either, one is generated at the first start and kept in the data folder
 * ({@code jwt-keys.json}, owner-readable), where the operations API can rotate it.
 */
@ApplicationScoped
public class JwtKeys {

    public static final String FILE = "jwt-keys.json";
    private static final Logger LOG = Logger.getLogger(JwtKeys.class.getName());
    private static final long RECHECK_MILLIS = 2_000;

    @Inject
    ImConfig config;

    @Inject
    DataFolder dataFolder;

    private record Loaded(JWKSet keys, long modified, long checkedAt) {
    }

    private volatile Loaded loaded;

    /** Loads (or generates) the key set; called at start-up so a bad configuration fails early. */
    public synchronized void init() {
        if (config.jwtKeys().isPresent()) {
            loaded = new Loaded(parse(config.jwtKeys().get(), "IM_JWT_KEYS"), 0, Long.MAX_VALUE);
            return;
        }
        Path file = file();
        if (!Files.exists(file)) {
            if (config.jwtKeysFile().isPresent()) {
                throw new IllegalStateException("IM_JWT_KEYS_FILE points at " + file + ", which does not exist");
            }
            JWKSet fresh = new JWKSet(generate());
            if (dataFolder.writeSecretIfAbsent(FILE, fresh.toString(false))) {
                LOG.info("Generated the token signing key " + fresh.getKeys().get(0).getKeyID() + " in " + file);
            }
        }
        reload(file);
    }

    /** The key that signs new tokens. */
    public RSAKey signer() {
        return (RSAKey) current().getKeys().get(0);
    }

    /** Every key that verifies, with private parts. */
    public List<JWK> verifying() {
        return current().getKeys();
    }

    /** The public keys, as served at {@code /api/im/auth/jwks}. */
    public JWKSet publicSet() {
        return current().toPublicJWKSet();
    }

    public Optional<RSAKey> byKid(String kid) {
        JWK k = kid == null ? null : current().getKeyByKeyId(kid);
        return k instanceof RSAKey r ? Optional.of(r) : Optional.empty();
    }

    /** Whether the key set lives in the data folder, where the operations API may change it. */
    public boolean managedHere() {
        return config.jwtKeys().isEmpty() && config.jwtKeysFile().isEmpty();
    }

    /** Adds a new signing key in front; the previous ones keep verifying. */
    public synchronized RSAKey rotate() {
        requireManagedHere();
        RSAKey k = generate();
        List<JWK> keys = new ArrayList<>();
        keys.add(k);
        keys.addAll(current().getKeys());
        write(new JWKSet(keys));
        return k;
    }

    /** Removes a key: tokens it signed stop verifying at once. The signing key cannot be removed. */
    public synchronized void remove(String kid) {
        requireManagedHere();
        JWKSet now = current();
        if (now.getKeyByKeyId(kid) == null) {
            throw new ImException(ErrorCode.NOT_FOUND, "no key " + kid);
        }
        if (now.getKeys().get(0).getKeyID().equals(kid)) {
            throw new ImException(ErrorCode.CONFLICT, "key " + kid + " signs new tokens; rotate first");
        }
        List<JWK> keys = new ArrayList<>(now.getKeys());
        keys.removeIf(k -> kid.equals(k.getKeyID()));
        write(new JWKSet(keys));
    }

    private void requireManagedHere() {
        if (!managedHere()) {
            throw new ImException(ErrorCode.CONFLICT,
                    "the signing keys come from IM_JWT_KEYS or IM_JWT_KEYS_FILE: change them there");
        }
    }

    private JWKSet current() {
        Loaded l = loaded;
        if (l == null) {
            init();
            l = loaded;
        }
        long now = System.currentTimeMillis();
        if (now - l.checkedAt > RECHECK_MILLIS) {
            // another node, or an operator, may have changed the file
            Path f = file();
            try {
                long modified = Files.getLastModifiedTime(f).toMillis();
                if (modified != l.modified) {
                    reload(f);
                } else {
                    loaded = new Loaded(l.keys, l.modified, now);
                }
            } catch (IOException e) {
                LOG.warning("cannot read " + f + ": " + e.getMessage() + "; keeping the keys loaded before");
                loaded = new Loaded(l.keys, l.modified, now);
            }
            l = loaded;
        }
        return l.keys;
    }

    private Path file() {
        return config.jwtKeysFile().map(Path::of).orElseGet(() -> dataFolder.root().resolve(FILE));
    }

    private synchronized void reload(Path file) {
        try {
            long modified = Files.getLastModifiedTime(file).toMillis();
            loaded = new Loaded(parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()), modified,
                    System.currentTimeMillis());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token keys at " + file, e);
        }
    }

    private void write(JWKSet keys) {
        dataFolder.writeSecret(FILE, keys.toString(false));
        reload(file());
    }

    static JWKSet parse(String json, String source) {
        JWKSet set;
        try {
            set = JWKSet.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException(source + " is not a JWKS document: " + e.getMessage());
        }
        if (set.getKeys().isEmpty()) {
            throw new IllegalStateException(source + " holds no key");
        }
        for (JWK k : set.getKeys()) {
            if (!(k instanceof RSAKey r) || !r.isPrivate() || k.getKeyID() == null) {
                throw new IllegalStateException(source + ": every key must be a private RSA key with a kid");
            }
        }
        return set;
    }

    static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048)
                    .keyID("k-" + com.xuqinmin.im.platform.Ulids.next().toLowerCase())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }
}
