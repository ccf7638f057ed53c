package com.xuqinmin.im.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.error.ImException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The known answers in test-vectors/signatures.json, which the SDK's unit tests read too: the server
 * must mint and accept exactly what the SDK mints and signs, so neither can drift from the other.
 */
class SharedVectorsTest {

    private static JsonObject vectors() throws IOException {
        Path f = Path.of("..", "test-vectors", "signatures.json");
        try (InputStream in = Files.newInputStream(f); JsonReader r = Json.createReader(in)) {
            return r.readObject();
        }
    }

    private static String str(JsonObject o, String name) {
        return o.isNull(name) ? null : o.getString(name);
    }

    @Test
    void request_signatures_match_the_vectors() throws IOException {
        for (JsonValue v : vectors().getJsonArray("requestSignature")) {
            JsonObject o = v.asJsonObject();
            String canonical = RequestSignature.canonical(o.getString("method"), o.getString("path"), str(o, "query"),
                    o.getString("timestamp"), o.getString("nonce"), o.getString("body").getBytes(StandardCharsets.UTF_8));
            assertThat(canonical).as(o.getString("name")).isEqualTo(o.getString("canonical"));
            assertThat(RequestSignature.sign(o.getString("secret"), canonical)).as(o.getString("name"))
                    .isEqualTo(o.getString("signature"));
        }
    }

    @Test
    void usersigs_minted_by_the_server_are_byte_for_byte_the_vectors() throws IOException {
        JsonObject u = vectors().getJsonObject("userSig");
        for (JsonValue v : u.getJsonArray("minted")) {
            JsonObject o = v.asJsonObject();
            String token = UserSig.mint(o.getString("appKey"), o.getString("secret"), o.getString("userId"),
                    o.getJsonNumber("issuedAt").longValue(), o.getJsonNumber("ttlSeconds").longValue());
            assertThat(token).as(o.getString("name")).isEqualTo(o.getString("userSig"));
            UserSig.Claims c = UserSig.verify(token, o.getString("appKey"), List.of(o.getString("secret")),
                    o.getJsonNumber("issuedAt").longValue(), u.getInt("skewSeconds"), u.getInt("maxLifetimeSeconds"));
            assertThat(c.userId()).isEqualTo(o.getString("userId"));
        }
    }

    @Test
    void usersigs_are_accepted_and_refused_as_the_vectors_say() throws IOException {
        JsonObject u = vectors().getJsonObject("userSig");
        long now = u.getJsonNumber("now").longValue();
        List<String> secrets = List.of(u.getString("secret"));
        for (JsonValue v : u.getJsonArray("accepted")) {
            JsonObject o = v.asJsonObject();
            assertThat(UserSig.verify(o.getString("userSig"), u.getString("appKey"), secrets, now, u.getInt("skewSeconds"),
                    u.getInt("maxLifetimeSeconds")).userId()).as(o.getString("name")).isEqualTo(o.getString("userId"));
        }
        for (JsonValue v : u.getJsonArray("rejected")) {
            JsonObject o = v.asJsonObject();
            String error = null;
            try {
                UserSig.verify(o.getString("userSig"), u.getString("appKey"), secrets, now, u.getInt("skewSeconds"),
                        u.getInt("maxLifetimeSeconds"));
            } catch (ImException e) {
                error = e.error().name();
            }
            assertThat(error).as(o.getString("name")).isEqualTo(o.getString("error"));
        }
    }
}
