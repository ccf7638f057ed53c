package com.xuqinmin.im.account;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.ImConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Password hashing for tenant and operator accounts (API.md §3.5): Argon2id with at least OWASP's
 * parameters (19 MiB, 2 iterations, 1 lane), a random salt per hash, the parameters kept in the
 * stored PHC string so they can be raised later (a login with older parameters re-hashes), and a
 * constant-time comparison. New passwords must be long enough and not on the common-password list.
 */
@ApplicationScoped
public class Passwords {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    @Inject
    ImConfig config;

    private volatile Set<String> common;
    private volatile String dummyHash;

    /** A new hash of {@code password} with the current parameters. */
    public String hash(String password) {
        return Password.hash(password).addRandomSalt(SALT_BYTES).with(function()).getResult();
    }

    /** Whether {@code password} matches {@code storedHash} (constant time in the hash comparison). */
    public boolean matches(String password, String storedHash) {
        if (storedHash == null || !storedHash.startsWith("$argon2")) {
            // no such account: spend the same time as a real check, so timing tells nothing
            Password.check(password, dummyHash()).with(function());
            return false;
        }
        return Password.check(password, storedHash).with(Argon2Function.getInstanceFromHash(storedHash));
    }

    /** Whether a stored hash was made with weaker parameters than today's and should be re-made. */
    public boolean needsRehash(String storedHash) {
        Argon2Function f = Argon2Function.getInstanceFromHash(storedHash);
        return f.getMemory() < config.argon2MemoryKib() || f.getIterations() < config.argon2Iterations()
                || f.getParallelism() < config.argon2Parallelism();
    }

    /** Checks a new password against the policy; the message names the field. */
    public void requireStrong(String field, String password, String... personal) {
        if (password == null || password.length() < config.passwordMinLength()) {
            throw new ImException(ErrorCode.VALIDATION_FAILED,
                    field + " must be at least " + config.passwordMinLength() + " characters");
        }
        if (password.length() > 256) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, field + " must be at most 256 characters");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (common().contains(lower)) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, field + " is one of the most common passwords");
        }
        for (String p : personal) {
            // parts shorter than four characters would refuse half the dictionary for no gain
            if (p != null && p.length() >= 4 && lower.contains(p.toLowerCase(Locale.ROOT))) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, field + " must not contain your name or e-mail");
            }
        }
    }

    private Argon2Function function() {
        return Argon2Function.getInstance(config.argon2MemoryKib(), config.argon2Iterations(),
                config.argon2Parallelism(), HASH_BYTES, Argon2.ID);
    }

    private String dummyHash() {
        String d = dummyHash;
        if (d == null) {
            d = hash("not-a-real-password-" + System.nanoTime());
            dummyHash = d;
        }
        return d;
    }

    private Set<String> common() {
        Set<String> c = common;
        if (c == null) {
            c = load();
            common = c;
        }
        return c;
    }

    private static Set<String> load() {
        Set<String> set = new HashSet<>(16_384);
        try (InputStream in = Passwords.class.getResourceAsStream("common-passwords.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    set.add(line.trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the common-password list is missing", e);
        }
        return Set.copyOf(set);
    }
}
