package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.auth.UserSig;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tenant and operations platforms and the IM session endpoints over HTTP (API.md §3–4):
 * accounts, apps and their secrets, operators, im_jwt login/refresh/JWKS, and corporate SSO.
 */
class PlatformApiIT {

    private static Admin.Reply signed(Console.App app, String method, String path, String json) {
        return Admin.send(method, path, json, app.appKey(), app.secret(), System.currentTimeMillis(), Admin.nonce());
    }

    private static String userSig(Console.App app, String userId) {
        return UserSig.mint(app.appKey(), app.secret(), userId, System.currentTimeMillis() / 1000, 3600);
    }

    // ------------------------------------------------------------------ tenants

    @Test
    void a_tenant_registers_logs_in_and_changes_its_password() {
        Console.Tenant t = Console.newTenant();
        assertThat(t.token()).isNotBlank();
        Admin.Reply change = Http.post("/api/auth/change-password", "{\"currentPassword\":\"" + Console.STRONG
                + "\",\"newPassword\":\"An0ther-Long-Passphrase\"}", t.token());
        assertThat(change.status()).isEqualTo(200);
        assertThat(Console.login(t.email(), Console.STRONG).status()).isEqualTo(401);
        assertThat(Console.login(t.email(), "An0ther-Long-Passphrase").status()).isEqualTo(200);
    }

    @Test
    void registration_refuses_short_common_and_personal_passwords_naming_the_field() {
        String email = ItEnv.uid("weak") + "@tenant.example";
        for (String pw : new String[] {"short", "qwertyuiop", "1234567890", email.substring(0, email.indexOf('@')) + "XyZ!"}) {
            Admin.Reply r = Http.post("/api/auth/register",
                    "{\"name\":\"W\",\"email\":\"" + email + "\",\"password\":\"" + pw + "\"}", null);
            assertThat(r.status()).as(pw).isEqualTo(400);
            assertThat(r.body().getString("error")).isEqualTo("VALIDATION_FAILED");
            assertThat(r.body().getString("message")).contains("password");
        }
        Admin.Reply badEmail = Http.post("/api/auth/register",
                "{\"name\":\"W\",\"email\":\"not-an-email\",\"password\":\"" + Console.STRONG + "\"}", null);
        assertThat(badEmail.body().getString("message")).contains("email");
    }

    @Test
    void registering_an_email_twice_is_409() {
        Console.Tenant t = Console.newTenant();
        Admin.Reply again = Http.post("/api/auth/register",
                "{\"name\":\"T\",\"email\":\"" + t.email() + "\",\"password\":\"" + Console.STRONG + "\"}", null);
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void unknown_account_and_wrong_password_get_the_same_answer() {
        Console.Tenant t = Console.newTenant();
        Admin.Reply wrong = Console.login(t.email(), "Wrong-Password-123");
        Admin.Reply unknown = Console.login(ItEnv.uid("nobody") + "@tenant.example", "Wrong-Password-123");
        assertThat(wrong.status()).isEqualTo(401).isEqualTo(unknown.status());
        assertThat(wrong.body().getString("error")).isEqualTo("INVALID_CREDENTIALS")
                .isEqualTo(unknown.body().getString("error"));
        assertThat(wrong.body().getString("message")).isEqualTo(unknown.body().getString("message"));
    }

    @Test
    void five_failed_logins_lock_the_account_and_an_unknown_one_alike() {
        Console.Tenant t = Console.newTenant();
        String unknown = ItEnv.uid("ghost") + "@tenant.example";
        for (int i = 0; i < 5; i++) {
            assertThat(Console.login(t.email(), "Wrong-Password-" + i).status()).isEqualTo(401);
            assertThat(Console.login(unknown, "Wrong-Password-" + i).status()).isEqualTo(401);
        }
        Admin.Reply locked = Console.login(t.email(), Console.STRONG);
        assertThat(locked.status()).as("even the right password, while locked").isEqualTo(429);
        assertThat(locked.body().getString("error")).isEqualTo("LOGIN_LOCKED");
        Admin.Reply ghost = Console.login(unknown, "Whatever-Password-1");
        assertThat(ghost.body().getString("error")).as("indistinguishable from a real account").isEqualTo("LOGIN_LOCKED");
    }

    // ------------------------------------------------------------------ apps

    @Test
    void a_new_app_has_an_app_key_and_a_secret_shown_once_that_signs_requests() {
        Console.Tenant t = Console.newTenant();
        Console.App app = Console.newApp(t);
        assertThat(app.appKey()).matches("ak_[a-z0-9]{16}");
        assertThat(app.secret()).hasSizeGreaterThanOrEqualTo(43);
        Admin.Reply got = Http.get("/api/apps/" + app.appKey(), t.token());
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.data().containsKey("appSecret")).as("never shown again").isFalse();
        Admin.Reply list = Http.get("/api/apps?page=0&size=10", t.token());
        assertThat(list.data().getJsonArray("items")).hasSize(1);
        assertThat(signed(app, "POST", "/api/im/admin/users", "{\"users\":[{\"userId\":\"u1\"}]}").status())
                .isEqualTo(200);
    }

    @Test
    void listing_pages_are_bounded() {
        Console.Tenant t = Console.newTenant();
        assertThat(Http.get("/api/apps?size=1000", t.token()).status()).isEqualTo(400);
        assertThat(Http.get("/api/apps?page=-1", t.token()).status()).isEqualTo(400);
    }

    @Test
    void settings_change_and_bad_values_name_the_field() {
        Console.Tenant t = Console.newTenant();
        Console.App app = Console.newApp(t);
        Admin.Reply ok = Http.put("/api/apps/" + app.appKey(),
                "{\"revokeWindowSeconds\":30,\"autoCreateUsers\":false,\"name\":\"Renamed\"}", t.token());
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.data().getInt("revokeWindowSeconds")).isEqualTo(30);
        assertThat(ok.data().getBoolean("autoCreateUsers")).isFalse();
        Admin.Reply bad = Http.put("/api/apps/" + app.appKey(), "{\"maxUserSigLifetimeSeconds\":1}", t.token());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().getString("message")).contains("maxUserSigLifetimeSeconds");
        // autoCreateUsers off: a userSig of a user never imported does not connect
        try (StompClient c = StompClient.open(null)) {
            c.sendText("CONNECT\naccept-version:1.2\nAuthorization:Bearer " + userSig(app, "stranger") + "\n\n\0");
            assertThat(c.next().header("message")).isEqualTo("Unauthorized");
        }
    }

    @Test
    void a_rotated_secret_keeps_the_old_one_working_for_the_grace_period_only() {
        Console.Tenant t = Console.newTenant();
        Console.App app = Console.newApp(t);
        Admin.Reply rotated = Http.post("/api/apps/" + app.appKey() + "/secret/rotate", "{\"graceSeconds\":3600}",
                t.token());
        Console.App fresh = new Console.App(app.appKey(), rotated.data().getString("appSecret"));
        assertThat(fresh.secret()).isNotEqualTo(app.secret());
        assertThat(signed(app, "POST", "/api/im/admin/users", "{\"users\":[{\"userId\":\"a\"}]}").status()).isEqualTo(200);
        assertThat(signed(fresh, "POST", "/api/im/admin/users", "{\"users\":[{\"userId\":\"b\"}]}").status())
                .isEqualTo(200);
        Admin.Reply now = Http.post("/api/apps/" + app.appKey() + "/secret/rotate", "{\"graceSeconds\":0}", t.token());
        Console.App newest = new Console.App(app.appKey(), now.data().getString("appSecret"));
        assertThat(signed(fresh, "POST", "/api/im/admin/users", "{\"users\":[{\"userId\":\"c\"}]}").status())
                .as("no grace: the previous secret is dead").isEqualTo(401);
        assertThat(signed(app, "POST", "/api/im/admin/users", "{\"users\":[{\"userId\":\"d\"}]}").status())
                .as("two rotations ago").isEqualTo(401);
        assertThat(signed(newest, "POST", "/api/im/admin/users", "{\"users\":[{\"userId\":\"e\"}]}").status())
                .isEqualTo(200);
    }

    @Test
    void a_disabled_app_stops_its_signatures_tokens_and_sockets_at_once() {
        Console.Tenant t = Console.newTenant();
        Console.App app = Console.newApp(t);
        signed(app, "POST", "/api/im/admin/users", "{\"users\":[{\"userId\":\"u1\"}]}");
        try (StompClient c = StompClient.connect(userSig(app, "u1"))) {
            assertThat(Http.post("/api/apps/" + app.appKey() + "/disable", null, t.token()).status()).isEqualTo(200);
            assertThat(c.awaitError().header("message")).isEqualTo("Kicked");
            c.awaitClose();
        }
        assertThat(signed(app, "POST", "/api/im/admin/users", "{\"users\":[{\"userId\":\"u2\"}]}").status())
                .isEqualTo(401);
        try (StompClient c = StompClient.open(null)) {
            c.sendText("CONNECT\naccept-version:1.2\nAuthorization:Bearer " + userSig(app, "u1") + "\n\n\0");
            assertThat(c.next().header("message")).isEqualTo("Unauthorized");
        }
    }

    @Test
    void a_tenant_sees_and_changes_only_its_own_apps() {
        Console.Tenant a = Console.newTenant();
        Console.Tenant b = Console.newTenant();
        Console.App appA = Console.newApp(a);
        for (Admin.Reply r : new Admin.Reply[] {
            Http.get("/api/apps/" + appA.appKey(), b.token()),
            Http.put("/api/apps/" + appA.appKey(), "{\"name\":\"mine now\"}", b.token()),
            Http.post("/api/apps/" + appA.appKey() + "/secret/rotate", null, b.token()),
            Http.post("/api/apps/" + appA.appKey() + "/disable", null, b.token())}) {
            assertThat(r.status()).isEqualTo(404);
        }
        assertThat(Http.get("/api/apps", b.token()).data().getJsonArray("items")).isEmpty();
        assertThat(signed(appA, "POST", "/api/im/admin/users", "{\"users\":[{\"userId\":\"x\"}]}").status())
                .as("still enabled").isEqualTo(200);
    }

    @Test
    void console_endpoints_need_a_tenant_token() {
        assertThat(Http.get("/api/apps", null).status()).isEqualTo(401);
        assertThat(Http.get("/api/apps", "not.a.token").status()).isEqualTo(401);
        assertThat(Http.get("/api/apps", Console.opsToken()).status()).as("an ops_jwt is not a tenant's").isEqualTo(403);
    }

    // ------------------------------------------------------------------ operators

    @Test
    void operators_list_and_disable_tenants_and_apps() {
        String ops = Console.opsToken();
        Console.Tenant t = Console.newTenant();
        Console.App app = Console.newApp(t);
        assertThat(Http.get("/api/ops/tenants?size=100", ops).status()).isEqualTo(200);
        assertThat(Http.get("/api/ops/apps?size=5", ops).data().getJsonArray("items").size()).isLessThanOrEqualTo(5);

        assertThat(Http.post("/api/ops/tenants/" + t.id() + "/disable", null, ops).status()).isEqualTo(200);
        assertThat(Console.login(t.email(), Console.STRONG).body().getString("error")).isEqualTo("TENANT_DISABLED");
        assertThat(Http.get("/api/apps", t.token()).status()).as("its token dies too").isEqualTo(401);
        assertThat(signed(app, "POST", "/api/im/admin/users", "{\"users\":[{\"userId\":\"x\"}]}").status())
                .as("and its apps").isEqualTo(401);
        assertThat(Http.post("/api/ops/tenants/" + t.id() + "/enable", null, ops).status()).isEqualTo(200);
        assertThat(signed(app, "POST", "/api/im/admin/users", "{\"users\":[{\"userId\":\"y\"}]}").status())
                .isEqualTo(200);

        assertThat(Http.post("/api/ops/apps/" + app.appKey() + "/disable", null, ops).status()).isEqualTo(200);
        assertThat(signed(app, "POST", "/api/im/admin/users", "{\"users\":[{\"userId\":\"z\"}]}").status())
                .isEqualTo(401);
        assertThat(Http.post("/api/ops/apps/" + app.appKey() + "/enable", null, ops).status()).isEqualTo(200);
        assertThat(signed(app, "POST", "/api/im/admin/users", "{\"users\":[{\"userId\":\"z\"}]}").status())
                .isEqualTo(200);
    }

    @Test
    void operator_endpoints_refuse_tenants() {
        assertThat(Http.get("/api/ops/tenants", Console.newTenant().token()).status()).isEqualTo(403);
        assertThat(Http.get("/api/ops/tenants", null).status()).isEqualTo(401);
    }

    // ------------------------------------------------------------------ IM sessions

    @Test
    void a_user_sig_is_exchanged_for_an_im_jwt_in_the_body_or_the_query() {
        String u = ItEnv.uid("im");
        Admin.importUsers(u);
        String sig = ItEnv.userSig(u);
        Admin.Reply body = Http.post("/api/im/auth/login",
                "{\"appKey\":\"ak_demo_chat\",\"userId\":\"" + u + "\",\"userSig\":\"" + sig + "\"}", null);
        assertThat(body.status()).isEqualTo(200);
        assertThat(body.data().getString("userId")).isEqualTo(u);
        assertThat(body.data().getString("appKey")).isEqualTo("ak_demo_chat");
        assertThat(body.data().getJsonNumber("expiresAt").longValue()).isGreaterThan(System.currentTimeMillis());
        Admin.Reply query = Http.post("/api/im/auth/login?appKey=ak_demo_chat&userId=" + u + "&userSig=" + sig, null,
                null);
        assertThat(query.status()).isEqualTo(200);
        Admin.Reply other = Http.post("/api/im/auth/login",
                "{\"appKey\":\"ak_demo_chat\",\"userId\":\"someone_else\",\"userSig\":\"" + sig + "\"}", null);
        assertThat(other.status()).isEqualTo(401);
    }

    @Test
    void an_im_jwt_connects_the_websocket_and_refreshes() {
        String u = ItEnv.uid("im");
        Admin.importUsers(u);
        String jwt = Http.post("/api/im/auth/login", "{\"userSig\":\"" + ItEnv.userSig(u) + "\"}", null).data()
                .getString("token");
        try (StompClient c = StompClient.connect(jwt)) {
            c.subscribe("s", "/user/queue/messages");
        }
        Admin.Reply refreshed = Http.post("/api/im/auth/refresh", null, jwt);
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.data().getString("token")).isNotEqualTo(jwt);
        assertThat(Http.post("/api/im/auth/refresh", null, "garbage").status()).isEqualTo(401);
    }

    @Test
    void the_jwks_publishes_public_keys_only() {
        HttpResponse<String> r = Http.raw("GET", "/api/im/auth/jwks", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        var keys = Http.json(r.body()).getJsonArray("keys");
        assertThat(keys).isNotEmpty();
        keys.forEach(k -> {
            assertThat(k.asJsonObject().getString("kty")).isEqualTo("RSA");
            assertThat(k.asJsonObject().containsKey("d")).as("no private exponent").isFalse();
            assertThat(k.asJsonObject().containsKey("p")).isFalse();
        });
    }

    @Test
    void the_server_api_takes_an_admin_im_jwt_and_refuses_others_with_403() {
        String admin = ItEnv.uid("adm");
        String plain = ItEnv.uid("usr");
        Admin.Reply imported = Admin.post("/api/im/admin/users", "{\"users\":[{\"userId\":\"" + admin
                + "\",\"admin\":true},{\"userId\":\"" + plain + "\"}]}");
        assertThat(imported.status()).isEqualTo(200);
        String adminJwt = Http.post("/api/im/auth/login", "{\"userSig\":\"" + ItEnv.userSig(admin) + "\"}", null).data()
                .getString("token");
        String plainJwt = Http.post("/api/im/auth/login", "{\"userSig\":\"" + ItEnv.userSig(plain) + "\"}", null).data()
                .getString("token");
        assertThat(Http.post("/api/im/admin/users", "{\"users\":[{\"userId\":\"" + ItEnv.uid("n") + "\"}]}", adminJwt)
                .status()).isEqualTo(200);
        Admin.Reply refused = Http.post("/api/im/admin/users", "{\"users\":[{\"userId\":\"x\"}]}", plainJwt);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().getString("error")).isEqualTo("FORBIDDEN");
    }

    @Test
    void a_rotated_signing_key_keeps_old_tokens_until_it_is_removed() {
        String ops = Console.opsToken();
        String u = ItEnv.uid("rot");
        Admin.importUsers(u);
        String oldJwt = Http.post("/api/im/auth/login", "{\"userSig\":\"" + ItEnv.userSig(u) + "\"}", null).data()
                .getString("token");
        String oldKid = Http.get("/api/ops/jwt-keys", ops).body().getJsonArray("data").getJsonObject(0).getString("kid");
        Admin.Reply rotated = Http.post("/api/ops/jwt-keys/rotate", null, ops);
        assertThat(rotated.status()).isEqualTo(200);
        String newKid = rotated.data().getString("kid");
        try (StompClient c = StompClient.connect(oldJwt)) {
            c.subscribe("s", "/user/queue/messages");
        }
        // remove every key but the new one: tokens they signed stop verifying
        for (var k : Http.get("/api/ops/jwt-keys", Console.opsToken()).body().getJsonArray("data")) {
            String kid = k.asJsonObject().getString("kid");
            if (!kid.equals(newKid)) {
                assertThat(Http.delete("/api/ops/jwt-keys/" + kid, null).status()).isEqualTo(401);
            }
        }
        String fresh = Console.opsToken();
        for (var k : Http.get("/api/ops/jwt-keys", fresh).body().getJsonArray("data")) {
            String kid = k.asJsonObject().getString("kid");
            if (!kid.equals(newKid)) {
                assertThat(Http.delete("/api/ops/jwt-keys/" + kid, fresh).status()).isEqualTo(200);
            }
        }
        assertThat(oldKid).isNotEqualTo(newKid);
        try (StompClient c = StompClient.open(null)) {
            c.sendText("CONNECT\naccept-version:1.2\nAuthorization:Bearer " + oldJwt + "\n\n\0");
            assertThat(c.next().header("message")).isEqualTo("Unauthorized");
        }
        assertThat(Http.post("/api/im/auth/refresh", null, oldJwt).status()).isEqualTo(401);
        assertThat(Http.delete("/api/ops/jwt-keys/" + newKid, fresh).status()).as("the signing key stays").isEqualTo(409);
    }

    // ------------------------------------------------------------------ corporate SSO

    @Test
    void the_consoles_accept_the_corporate_identity_providers_tokens_by_role() {
        try (TestIdp idp = TestIdp.start()) {
            String email = ItEnv.uid("emp") + "@corp.example";
            String tenantToken = idp.employee(email, "im-tenant");
            Admin.Reply created = Http.post("/api/apps", "{\"name\":\"SSO app\"}", tenantToken);
            assertThat(created.status()).isEqualTo(200);
            assertThat(Http.get("/api/apps", tenantToken).data().getJsonArray("items")).hasSize(1);
            assertThat(Http.get("/api/apps", idp.employee(email)).status()).as("no role").isEqualTo(403);
            assertThat(Http.get("/api/ops/tenants", tenantToken).status()).as("not an operator").isEqualTo(403);
            assertThat(Http.get("/api/ops/tenants", idp.employee("boss@corp.example", "im-ops")).status())
                    .isEqualTo(200);
            assertThat(Http.get("/api/apps", idp.token(Map.of("email", email, "groups", java.util.List.of("im-tenant")),
                    -120)).status()).as("expired").isEqualTo(401);
        }
    }

    @Test
    void the_consoles_refuse_a_token_the_identity_provider_made_for_another_application() {
        try (TestIdp idp = TestIdp.start()) {
            String email = ItEnv.uid("emp") + "@corp.example";
            var roles = java.util.List.of("im-tenant");
            assertThat(Http.get("/api/apps", idp.token(Map.of("email", email, "groups", roles,
                    "aud", TestIdp.AUDIENCE))).status()).as("for the consoles").isEqualTo(200);
            assertThat(Http.get("/api/apps", idp.token(Map.of("email", email, "groups", roles,
                    "aud", java.util.List.of("payroll", TestIdp.AUDIENCE)))).status()).as("for several, the consoles among them")
                    .isEqualTo(200);
            Admin.Reply other = Http.get("/api/apps", idp.token(Map.of("email", email, "groups", roles, "aud", "payroll")));
            assertThat(other.status()).as("for another application").isEqualTo(401);
            assertThat(other.body().getString("error")).isEqualTo("UNAUTHORIZED");
            assertThat(Http.get("/api/apps", idp.tokenWithoutAudience(Map.of("email", email, "groups", roles))).status())
                    .as("for no application").isEqualTo(401);
        }
    }

    @Test
    void an_app_may_let_its_users_log_in_with_the_identity_providers_tokens() {
        try (TestIdp idp = TestIdp.start()) {
            Console.Tenant t = Console.newTenant();
            Console.App app = Console.newApp(t);
            Admin.Reply before = Http.post("/api/im/auth/login", "{\"appKey\":\"" + app.appKey() + "\",\"ssoToken\":\""
                    + idp.token(Map.of("sub", "emp_1")) + "\"}", null);
            assertThat(before.status()).as("not turned on").isEqualTo(403);
            assertThat(Http.put("/api/apps/" + app.appKey(), "{\"ssoIssuer\":\"" + TestIdp.ISSUER + "\",\"ssoJwksUrl\":\""
                    + TestIdp.jwksUrl() + "\",\"ssoUserClaim\":\"sub\"}", t.token()).status()).isEqualTo(200);
            Admin.Reply login = Http.post("/api/im/auth/login", "{\"appKey\":\"" + app.appKey() + "\",\"ssoToken\":\""
                    + idp.token(Map.of("sub", "emp_1")) + "\"}", null);
            assertThat(login.status()).isEqualTo(200);
            assertThat(login.data().getString("userId")).isEqualTo("emp_1");
            try (StompClient c = StompClient.connect(login.data().getString("token"))) {
                c.subscribe("s", "/user/queue/messages");
                assertThat(c.isClosed()).isFalse();
            }
            Admin.Reply forged = Http.post("/api/im/auth/login", "{\"appKey\":\"" + app.appKey() + "\",\"ssoToken\":\""
                    + Tokens.class.getSimpleName() + "\"}", null);
            assertThat(forged.status()).isEqualTo(401);
        }
    }

    @Test
    void an_apps_sso_may_require_its_own_audience() {
        try (TestIdp idp = TestIdp.start()) {
            Console.Tenant t = Console.newTenant();
            Console.App app = Console.newApp(t);
            Admin.Reply set = Http.put("/api/apps/" + app.appKey(), "{\"ssoIssuer\":\"" + TestIdp.ISSUER + "\",\"ssoJwksUrl\":\""
                    + TestIdp.jwksUrl() + "\",\"ssoUserClaim\":\"sub\",\"ssoAudience\":\"chat-app\"}", t.token());
            assertThat(set.status()).isEqualTo(200);
            assertThat(set.data().getString("ssoAudience")).isEqualTo("chat-app");
            String body = "{\"appKey\":\"" + app.appKey() + "\",\"ssoToken\":\"";
            assertThat(Http.post("/api/im/auth/login", body + idp.token(Map.of("sub", "emp_2", "aud", "chat-app")) + "\"}",
                    null).status()).as("for this app").isEqualTo(200);
            Admin.Reply other = Http.post("/api/im/auth/login", body + idp.token(Map.of("sub", "emp_2", "aud", "payroll"))
                    + "\"}", null);
            assertThat(other.status()).as("for another application").isEqualTo(401);
            assertThat(other.body().getString("error")).isEqualTo("TOKEN_INVALID");
            assertThat(Http.post("/api/im/auth/login", body + idp.tokenWithoutAudience(Map.of("sub", "emp_2")) + "\"}",
                    null).status()).as("for no application").isEqualTo(401);
        }
    }
}
