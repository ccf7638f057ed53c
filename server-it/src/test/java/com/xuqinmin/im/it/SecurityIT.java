package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.xuqinmin.im.auth.UserSig;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the credentials and the input handling, each expected to be refused (docs/security.md
 * keeps the table). Tokens signed with the server's real key are made from the IT server's data
 * folder, to test the time and claim checks behind a valid signature.
 */
class SecurityIT {

    /** Every error body seen here; none may leak internals. */
    private static final List<String> BODIES = new ArrayList<>();
    private static final Pattern LEAKS = Pattern.compile(
            "(?i)(\\bat [a-z]+\\.[a-z0-9_.]+\\(|exception|org\\.h2|postgres|sql|select |insert into|eclipselink|"
                    + "jdbc|stack|caused by)");

    private static Admin.Reply keep(Admin.Reply r) {
        if (r.status() >= 400) {
            BODIES.add(r.body().toString());
        }
        return r;
    }

    @AfterAll
    static void no_error_body_leaks_a_stack_trace_sql_or_a_secret() {
        String secret = ItEnv.secret();
        for (String b : BODIES) {
            assertThat(b).doesNotContainPattern(LEAKS).doesNotContain(secret);
        }
    }

    // ---------------------------------------------------------------- tokens

    private static RSAKey serverKey() throws Exception {
        Path f = Path.of(System.getProperty("it.data.dir", "target/liberty/wlp/usr/servers/imTest/data"))
                .resolve("jwt-keys.json");
        return (RSAKey) JWKSet.parse(Files.readString(f)).getKeys().get(0);
    }

    private static String imJwt(RSAKey key, JWSAlgorithm alg, String userId, Date nbf, Date exp) throws Exception {
        JWTClaimsSet.Builder c = new JWTClaimsSet.Builder().issuer("xuqm-im").subject(userId)
                .claim("upn", userId + "@ak_demo_chat").claim("groups", List.of("im-user", "im-admin"))
                .claim("appKey", "ak_demo_chat").issueTime(new Date()).expirationTime(exp);
        if (nbf != null) {
            c.notBeforeTime(nbf);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                c.build());
        if (alg == JWSAlgorithm.HS256) {
            // the classic confusion: the public key, as the victim publishes it, used as an HMAC secret
            jwt.sign(new MACSigner(key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));
        } else {
            jwt.sign(new RSASSASigner(key));
        }
        return jwt.serialize();
    }

    private static void refusedEverywhere(String token) {
        try (StompClient c = StompClient.open(null)) {
            c.sendText("CONNECT\naccept-version:1.2\nAuthorization:Bearer " + token + "\n\n\0");
            assertThat(c.next().header("message")).isEqualTo("Unauthorized");
        }
        assertThat(keep(Http.post("/api/im/auth/refresh", null, token)).status()).isEqualTo(401);
        assertThat(keep(Http.post("/api/im/admin/users", "{\"users\":[{\"userId\":\"x1\"}]}", token)).status())
                .isEqualTo(401);
        HttpResponse<String> client = Http.raw("GET", "/api/im/groups", null, token);
        assertThat(client.statusCode()).isEqualTo(401);
    }

    @Test
    void alg_none_tokens_are_refused() {
        String u = ItEnv.uid("sec");
        refusedEverywhere(Tokens.algNone(u));
        assertThat(keep(Http.post("/api/im/auth/login", "{\"userSig\":\"" + Tokens.algNone(u) + "\"}", null)).status())
                .isEqualTo(401);
    }

    @Test
    void an_hs256_token_keyed_with_the_published_rsa_key_is_refused() throws Exception {
        String u = ItEnv.uid("sec");
        Admin.importUsers(u);
        refusedEverywhere(imJwt(serverKey(), JWSAlgorithm.HS256, u, null, new Date(System.currentTimeMillis() + 600_000)));
    }

    @Test
    void an_rs256_token_of_another_key_with_our_kid_is_refused() throws Exception {
        String u = ItEnv.uid("sec");
        Admin.importUsers(u);
        RSAKey mine = new RSAKeyGenerator(2048).keyID(serverKey().getKeyID()).generate();
        refusedEverywhere(imJwt(mine, JWSAlgorithm.RS256, u, null, new Date(System.currentTimeMillis() + 600_000)));
    }

    @Test
    void expired_and_not_yet_valid_im_jwts_are_refused_even_with_the_right_key() throws Exception {
        String u = ItEnv.uid("sec");
        Admin.importUsers(u);
        RSAKey key = serverKey();
        long now = System.currentTimeMillis();
        refusedEverywhere(imJwt(key, JWSAlgorithm.RS256, u, null, new Date(now - 120_000)));
        refusedEverywhere(imJwt(key, JWSAlgorithm.RS256, u, new Date(now + 600_000), new Date(now + 1_200_000)));
        // the same key with valid times works: the refusals above are about time, not the key
        String good = imJwt(key, JWSAlgorithm.RS256, u, null, new Date(now + 600_000));
        assertThat(keep(Http.post("/api/im/auth/refresh", null, good)).status()).isEqualTo(200);
    }

    @Test
    void a_user_sig_signed_by_another_app_is_refused() {
        Console.Tenant t = Console.newTenant();
        Console.App other = Console.newApp(t);
        // claims the demo app, signed with the other app's secret
        String forged = UserSig.mint("ak_demo_chat", other.secret(), "victim", System.currentTimeMillis() / 1000, 600);
        refusedEverywhere(forged);
        assertThat(keep(Http.post("/api/im/auth/login", "{\"userSig\":\"" + forged + "\"}", null)).status())
                .isEqualTo(401);
    }

    // ---------------------------------------------------------------- signatures

    @Test
    void a_tampered_body_a_replayed_nonce_and_a_stale_timestamp_are_refused() {
        String body = "{\"users\":[{\"userId\":\"" + ItEnv.uid("s") + "\"}]}";
        long ts = System.currentTimeMillis();
        String nonce = Admin.nonce();
        String sig = Admin.sign(ItEnv.secret(), "POST", "/api/im/admin/users", ts, nonce,
                body.getBytes(StandardCharsets.UTF_8));
        String tampered = body.replace("users", "users ");
        assertThat(keep(Admin.sendRaw("POST", "/api/im/admin/users", tampered.getBytes(StandardCharsets.UTF_8),
                ItEnv.APP_KEY, Long.toString(ts), nonce, sig)).body().getString("error")).isEqualTo("INVALID_SIGNATURE");
        assertThat(keep(Admin.sendRaw("POST", "/api/im/admin/users", body.getBytes(StandardCharsets.UTF_8),
                ItEnv.APP_KEY, Long.toString(ts), nonce, sig)).status()).isEqualTo(200);
        assertThat(keep(Admin.sendRaw("POST", "/api/im/admin/users", body.getBytes(StandardCharsets.UTF_8),
                ItEnv.APP_KEY, Long.toString(ts), nonce, sig)).body().getString("error")).isEqualTo("NONCE_REPLAYED");
        long stale = System.currentTimeMillis() - 301_000;
        assertThat(keep(Admin.send("POST", "/api/im/admin/users", body, ItEnv.APP_KEY, ItEnv.secret(), stale,
                Admin.nonce())).body().getString("error")).isEqualTo("TIMESTAMP_EXPIRED");
    }

    // ---------------------------------------------------------------- logins

    @Test
    void logins_of_one_account_are_throttled_per_minute() {
        Console.Tenant t = Console.newTenant();
        int limited = 0;
        for (int i = 0; i < 12; i++) {
            Admin.Reply r = keep(Console.login(t.email(), Console.STRONG));
            if (r.status() == 429) {
                assertThat(r.body().getString("error")).isEqualTo("RATE_LIMITED");
                limited++;
            }
        }
        assertThat(limited).as("10 per minute per account, then refused").isGreaterThanOrEqualTo(1);
    }

    /** {@code IM_USER_LOGIN_RATE_PER_IP} of the test server (server-it/src/test/liberty/it/server.env). */
    private static final int USER_LOGINS_PER_IP = 1000;

    @Test
    void im_user_logins_from_one_address_are_throttled_per_minute() {
        // from an address of its own, so the other tests' logins (all from 127.0.0.1) do not count here
        String from = "127.0.0.2";
        String user = ItEnv.uid("u");
        String login = "{\"appKey\":\"" + ItEnv.APP_KEY + "\",\"userId\":\"" + user + "\",\"userSig\":\""
                + ItEnv.userSig(user) + "\"}";
        int accepted = 0;
        RawHttp.Response refused = null;
        for (int i = 0; i <= USER_LOGINS_PER_IP && refused == null; i++) {
            RawHttp.Response r = RawHttp.post(from, "/api/im/auth/login", login);
            if (r.status() == 429) {
                refused = r;
            } else {
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                accepted++;
            }
        }
        assertThat(refused).as("a login over %s per minute from one address", USER_LOGINS_PER_IP).isNotNull();
        assertThat(accepted).isLessThanOrEqualTo(USER_LOGINS_PER_IP);
        assertThat(refused.json().getInt("code")).isEqualTo(429);
        assertThat(refused.json().getString("error")).isEqualTo("RATE_LIMITED");
        assertThat(refused.json().getString("message")).isEqualTo("too many login attempts; wait a minute");
        // another address logs in as usual
        assertThat(RawHttp.post("127.0.0.1", "/api/im/auth/login", login).status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- input

    private static final String[] HOSTILE = {
        "' OR '1'='1", "\"; DROP TABLE im_user; --", "ak_demo_chat' --", "%00", "\u0000", "../../etc/passwd",
        "<script>alert(1)</script>", "x".repeat(100_000)};

    @Test
    void sql_looking_and_oversized_strings_in_every_field_are_refused_cleanly() {
        String ops = Console.opsToken();
        Console.Tenant t = Console.newTenant();
        for (String h : HOSTILE) {
            String j = jsonString(h);
            List<Admin.Reply> replies = new ArrayList<>();
            replies.add(Admin.post("/api/im/admin/users", "{\"users\":[{\"userId\":" + j + ",\"nickname\":" + j + "}]}"));
            replies.add(Admin.post("/api/im/admin/groups", "{\"groupId\":" + j + ",\"name\":" + j + ",\"ownerId\":" + j
                    + "}"));
            replies.add(Http.post("/api/auth/login", "{\"email\":" + j + ",\"password\":" + j + "}", null));
            replies.add(Http.post("/api/auth/register", "{\"name\":" + j + ",\"email\":" + j + ",\"password\":" + j + "}",
                    null));
            replies.add(Http.post("/api/auth/ops/login", "{\"name\":" + j + ",\"password\":" + j + "}", null));
            replies.add(Http.post("/api/apps", "{\"name\":" + j + "}", t.token()));
            replies.add(Http.post("/api/im/auth/login", "{\"appKey\":" + j + ",\"userId\":" + j + ",\"userSig\":" + j
                    + "}", null));
            replies.add(Http.get("/api/ops/apps?size=" + java.net.URLEncoder.encode(h.length() > 100 ? "9" : h,
                    StandardCharsets.UTF_8), ops));
            for (int i = 0; i < replies.size(); i++) {
                Admin.Reply r = keep(replies.get(i));
                assertThat(r.status()).as("%s: %s", h.length() > 40 ? "long string" : h, r.body())
                        .isBetween(200, 499);
                if (r.status() == 200) {
                    // accepted only where the input is legitimately free text (a name, a nickname)
                    assertThat(h).as("call %d accepted %s", i, r.body()).doesNotContain("\u0000");
                }
            }
        }
        assertThat(keep(Admin.post("/api/im/admin/users", "{\"users\":[{\"userId\":\"ok_user\"}]}")).status())
                .as("the database is still there").isEqualTo(200);
    }

    @Test
    void a_websocket_frame_full_of_hostile_strings_is_a_rejection_not_a_crash() {
        String u = ItEnv.uid("sec");
        Admin.importUsers(u);
        try (StompClient c = StompClient.connect(ItEnv.userSig(u))) {
            c.subscribe("e", "/user/queue/errors");
            for (String h : HOSTILE) {
                if (h.length() > 1000) {
                    continue; // bigger than a frame: covered by FramingIT
                }
                String j = jsonString(h);
                c.sendJson("/app/chat.send", "{\"appKey\":\"ak_demo_chat\",\"toId\":" + j
                        + ",\"chatType\":\"SINGLE\",\"msgType\":\"TEXT\",\"content\":\"x\",\"messageId\":" + j + "}", "r");
                String body = c.awaitMessage("/user/queue/errors").toString();
                assertThat(body).contains("\"code\":").doesNotContainPattern(LEAKS);
            }
            c.subscribe("still", "/user/queue/messages");
        }
    }

    /**
     * Bodies the JSON parser gives up on with exceptions of its own rather than a parse error (an
     * exponent past the int range, a number of over 1,100 characters, nesting over 1,000 deep;
     * AppBodiesFuzzTest found them): a 400 VALIDATION_FAILED everywhere, and the session stays open.
     */
    @Test
    void bodies_the_json_parser_gives_up_on_are_a_validation_failure_not_a_crash() {
        List<String> unreadable = List.of("{\"seq\":1e-9999999999}", "{\"seq\":" + "7".repeat(1101) + "}",
                "{\"toId\":" + "[".repeat(1001) + "]".repeat(1001) + "}");
        String u = ItEnv.uid("sec");
        Admin.importUsers(u);
        try (StompClient c = StompClient.connect(ItEnv.userSig(u))) {
            c.subscribe("e", "/user/queue/errors");
            for (String destination : List.of("/app/chat.send", "/app/chat.revoke", "/app/chat.read", "/app/chat.sync")) {
                for (String body : unreadable) {
                    c.sendJson(destination, body, "r");
                    String error = c.awaitRejection().toString();
                    assertThat(error).as(destination).contains("\"error\":\"VALIDATION_FAILED\"")
                            .doesNotContainPattern(LEAKS);
                }
            }
            c.subscribe("still", "/user/queue/messages");
        }
        for (String body : unreadable) {
            List<Admin.Reply> replies = List.of(keep(Http.post("/api/im/auth/login", body, null)),
                    keep(Admin.post("/api/im/admin/messages/send", body)),
                    keep(ImClient.login(u).post("/api/im/messages/read", body)),
                    keep(Admin.post("/api/im/admin/users", body)));
            for (Admin.Reply r : replies) {
                assertThat(r.status()).as("%s", r.body()).isEqualTo(400);
                assertThat(r.body().getString("error")).isEqualTo("VALIDATION_FAILED");
            }
        }
    }

    private static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                sb.append('\\').append(ch);
            } else if (ch < 0x20) {
                sb.append(String.format("\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.append('"').toString();
    }
}
