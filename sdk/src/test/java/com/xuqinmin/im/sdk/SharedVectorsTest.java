package com.xuqinmin.im.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The known answers in test-vectors/signatures.json, which the server's unit tests read too: the SDK
 * must sign and mint exactly what the server computes and accepts, so neither can drift.
 */
class SharedVectorsTest {

    static Json.Obj vectors() throws IOException {
        Path dir = Path.of(System.getProperty("test.vectors.dir", "../test-vectors"));
        return Json.Obj.of(Json.parse(Files.readString(dir.resolve("signatures.json"))));
    }

    @Test
    void request_signatures_match_the_vectors() throws IOException {
        for (Json.Obj o : vectors().objs("requestSignature")) {
            String canonical = RequestSigner.canonical(o.str("method"), o.str("path"), o.str("query"),
                    o.str("timestamp"), o.str("nonce"), o.str("body").getBytes(StandardCharsets.UTF_8));
            assertEquals(o.str("canonical"), canonical, o.str("name"));
            assertEquals(o.str("signature"), RequestSigner.sign(o.str("secret"), canonical), o.str("name"));
        }
    }

    @Test
    void usersigs_minted_by_the_sdk_are_byte_for_byte_the_servers() throws IOException {
        Json.Obj u = vectors().obj("userSig");
        for (Json.Obj o : u.objs("minted")) {
            String token = UserSig.mint(o.str("appKey"), o.str("secret"), o.str("userId"), o.lng("issuedAt"),
                    o.lng("ttlSeconds"));
            assertEquals(o.str("userSig"), token, o.str("name"));
            assertEquals(o.str("userId"), UserSig.verify(token, o.str("appKey"), o.str("secret"), o.lng("issuedAt"),
                    u.lng("skewSeconds"), u.lng("maxLifetimeSeconds")).userId());
        }
    }

    @Test
    void usersigs_are_accepted_and_refused_as_the_server_does() throws IOException {
        Json.Obj u = vectors().obj("userSig");
        long now = u.lng("now");
        for (Json.Obj o : u.objs("accepted")) {
            assertEquals(o.str("userId"), UserSig.verify(o.str("userSig"), u.str("appKey"), u.str("secret"), now,
                    u.lng("skewSeconds"), u.lng("maxLifetimeSeconds")).userId(), o.str("name"));
        }
        for (Json.Obj o : u.objs("rejected")) {
            try {
                UserSig.verify(o.str("userSig"), u.str("appKey"), u.str("secret"), now, u.lng("skewSeconds"),
                        u.lng("maxLifetimeSeconds"));
                fail("accepted: " + o.str("name"));
            } catch (ImException e) {
                assertEquals(o.str("error"), e.error(), o.str("name"));
                assertEquals(401, e.code(), o.str("name"));
            }
        }
    }
}
