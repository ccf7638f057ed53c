package com.xuqinmin.im.portability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Points every test class of this run — {@link PayaraSmokeIT} and the Liberty ITs reused from
 * server-it — at one Payara Micro, started before the first class and stopped when the run ends
 * (the root store closes it). Registered for all classes through the ServiceLoader (see
 * junit-platform.properties), so the reused ITs need no change.
 */
public class OnPayara implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(PayaraMicro.class, k -> start(), PayaraMicro.class);
    }

    private static PayaraMicro start() {
        Path dir = Path.of(System.getProperty("payara.dir", "target/payara"));
        int port = Integer.getInteger("portability.http.port", 19180);
        // the shared clients (ItEnv) find the server through these; a -Dit.http.port meant for the
        // Liberty ITs of the same build must not send them there
        System.setProperty("it.http.port", Integer.toString(port));
        System.setProperty("it.data.dir", dir.resolve("data").toString());
        Path settings = Path.of(System.getProperty("it.server.env", "../server-it/src/test/liberty/it/server.env"));
        try {
            return PayaraMicro.start(dir, port, settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
