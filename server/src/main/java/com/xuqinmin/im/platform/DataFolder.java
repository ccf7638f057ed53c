package com.xuqinmin.im.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The server's own data folder ({@code IM_DATA_DIR}, by default {@code data/} in Liberty's server
 * output folder). The embedded mode keeps the keys it generates here, readable by the owner only.
 */
@ApplicationScoped
public class DataFolder {

    @Inject
    ImConfig config;

    private volatile Path root;

    public Path root() {
        Path r = root;
        if (r == null) {
            r = resolve();
            root = r;
        }
        return r;
    }

    private Path resolve() {
        Optional<String> configured = config.dataDir()
                .or(() -> ConfigProvider.getConfig().getOptionalValue("IM_DATA_DIR", String.class));
        String dir = configured.orElseGet(() -> {
            String out = System.getProperty("server.output.dir");
            return out != null ? out + "/data" : "data";
        });
        Path p = Path.of(dir).toAbsolutePath().normalize();
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + p, e);
        }
        return p;
    }

    /** The text of a file in the data folder, if it exists. */
    public Optional<String> read(String name) {
        Path f = root().resolve(name);
        try {
            return Files.exists(f) ? Optional.of(Files.readString(f, StandardCharsets.UTF_8).trim()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    /**
     * Writes a new secret file readable by the owner only. Returns false, writing nothing, when the
     * file already exists (another node or an earlier start made it first).
     */
    public boolean writeSecretIfAbsent(String name, String text) {
        Path f = root().resolve(name);
        try {
            Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException e) {
            try {
                Files.createFile(f);
            } catch (FileAlreadyExistsException e2) {
                return false;
            } catch (IOException e2) {
                throw new UncheckedIOException("cannot create " + f, e2);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + f, e);
        }
        try {
            Files.writeString(f, text + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f, e);
        }
        return true;
    }

    /** Replaces the text of an owner-only file (creating it when needed). */
    public void writeSecret(String name, String text) {
        if (!writeSecretIfAbsent(name, text)) {
            try {
                Files.writeString(root().resolve(name), text + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.TRUNCATE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + root().resolve(name), e);
            }
        }
    }
}
