package com.xuqinmin.im.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tenant and operator sessions for the tests, through the consoles' HTTP API. */
public final class Console {

    public static final String STRONG = "Corr3ct-Horse-Battery";

    private Console() {
    }

    /** A newly registered tenant: its e-mail and a tenant_jwt. */
    public record Tenant(long id, String email, String token) {
    }

    /** An app created by a tenant, with its AppSecret (shown once). */
    public record App(String appKey, String secret) {
    }

    public static Tenant newTenant() {
        String email = ItEnv.uid("t") + "@tenant.example";
        Admin.Reply r = Http.post("/api/auth/register",
                "{\"name\":\"Tenant\",\"email\":\"" + email + "\",\"password\":\"" + STRONG + "\"}", null);
        if (r.status() != 200) {
            throw new AssertionError("register: " + r.body());
        }
        long id = r.data().getJsonNumber("tenantId").longValue();
        return new Tenant(id, email, login(email, STRONG).data().getString("token"));
    }

    public static Admin.Reply login(String email, String password) {
        return Http.post("/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", null);
    }

    public static App newApp(Tenant t) {
        Admin.Reply r = Http.post("/api/apps", "{\"name\":\"App\"}", t.token());
        if (r.status() != 200) {
            throw new AssertionError("create app: " + r.body());
        }
        return new App(r.data().getString("appKey"), r.data().getString("appSecret"));
    }

    /** A new tenant's new app with the given settings ({@code PUT /api/apps/{appKey}}, e.g. its social policy). */
    public static App newApp(String settings) {
        Tenant t = newTenant();
        App app = newApp(t);
        Admin.Reply r = Http.put("/api/apps/" + app.appKey(), settings, t.token());
        if (r.status() != 200) {
            throw new AssertionError("app settings: " + r.body());
        }
        return app;
    }

    /** A userSig of a user of {@code app}, valid for an hour. */
    public static String userSig(App app, String userId) {
        return com.xuqinmin.im.auth.UserSig.mint(app.appKey(), app.secret(), userId,
                System.currentTimeMillis() / 1000, 3600);
    }

    /** An IM client logged in as a user of {@code app} (created at its first login). */
    public static ImClient login(App app, String userId) {
        Admin.Reply r = ImClient.call("POST", "/api/im/auth/login", "{\"appKey\":\"" + app.appKey()
                + "\",\"userId\":\"" + userId + "\",\"userSig\":\"" + userSig(app, userId) + "\"}", null);
        if (r.status() != 200) {
            throw new AssertionError("login: " + r.body());
        }
        return ImClient.withToken(r.data().getString("token"));
    }

    /** The first operator's password, generated at the IT server's first start. */
    public static String opsPassword() {
        Path f = Path.of(System.getProperty("it.data.dir", "target/liberty/wlp/usr/servers/imTest/data"))
                .resolve("ops-initial-password");
        try {
            return Files.readString(f).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String opsToken() {
        Admin.Reply r = Http.post("/api/auth/ops/login", "{\"name\":\"ops\",\"password\":\"" + opsPassword() + "\"}",
                null);
        if (r.status() != 200) {
            throw new AssertionError("ops login: " + r.body());
        }
        return r.data().getString("token");
    }
}
