package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The audit log: every state-changing call of the server API and the consoles is recorded with who,
 * what, on what, when, from where and how it ended, and can be read back by the app (signed) and by
 * the operators; GETs are not recorded, and no body (no secret) ever is.
 */
class AuditIT {

    @Test
    void state_changing_calls_are_recorded_with_actor_action_target_and_outcome_and_never_a_secret() {
        long start = System.currentTimeMillis();
        Console.Tenant t = Console.newTenant();
        Console.App app = Console.newApp(t);
        String k = app.appKey();
        String user = ItEnv.uid("u");

        ok(Http.put("/api/apps/" + k, "{\"name\":\"Renamed\"}", t.token()));
        String rotated = ok(Http.post("/api/apps/" + k + "/secret/rotate", "{}", t.token())).getString("appSecret");
        ok(signed(app, "POST", "/api/im/admin/users", "{\"users\":[{\"userId\":\"" + user + "\"}]}"));
        ok(signed(app, "GET", "/api/im/admin/users/" + user, null));
        Admin.Reply refused = signed(app, "POST", "/api/im/admin/messages/send", "{\"fromId\":\"" + user + "\"}");
        assertThat(refused.status()).isEqualTo(400);
        ok(signed(app, "POST", "/api/im/admin/users/" + user + "/kick", null));
        String ops = Console.opsToken();
        ok(Http.post("/api/ops/apps/" + k + "/disable", null, ops));
        ok(Http.post("/api/ops/apps/" + k + "/enable", null, ops));

        Admin.Reply r = signed(app, "GET", "/api/im/admin/audit", null);
        assertThat(r.status()).isEqualTo(200);
        List<JsonObject> all = r.body().getJsonArray("data").getValuesAs(JsonObject.class);
        assertThat(all).extracting(e -> e.getString("actor") + " " + e.getString("action") + " " + e.getInt("status"))
                .as("newest first; the GET and the audit read itself are not there").containsExactly(
                        "operator:ops POST /api/ops/apps/{appKey}/enable 200",
                        "operator:ops POST /api/ops/apps/{appKey}/disable 200",
                        "app:" + k + " POST /api/im/admin/users/{userId}/kick 200",
                        "app:" + k + " POST /api/im/admin/messages/send 400",
                        "app:" + k + " POST /api/im/admin/users 200",
                        "tenant:" + t.id() + " POST /api/apps/{appKey}/secret/rotate 200",
                        "tenant:" + t.id() + " PUT /api/apps/{appKey} 200");
        JsonObject kick = all.get(2);
        assertThat(kick.getString("target")).isEqualTo("/api/im/admin/users/" + user + "/kick");
        assertThat(kick.getString("appKey")).isEqualTo(k);
        assertThat(kick.getString("address")).isNotBlank();
        assertThat(kick.getJsonNumber("at").longValue()).isBetween(start, System.currentTimeMillis());
        assertThat(kick.getString("requestId")).isNotBlank();
        assertThat(all.get(3).getString("error")).isEqualTo("VALIDATION_FAILED");
        assertThat(all.get(5).getJsonNumber("tenantId").longValue()).isEqualTo(t.id());
        assertThat(r.body().toString()).as("no secret in the log").doesNotContain(app.secret()).doesNotContain(rotated);

        // narrowed by actor, by action (a prefix), by time
        assertThat(find(app, "?actor=app:" + k)).hasSize(3);
        assertThat(find(app, "?action=POST%20/api/im/admin/users")).extracting(e -> e.getString("action"))
                .containsExactly("POST /api/im/admin/users/{userId}/kick", "POST /api/im/admin/users");
        assertThat(find(app, "?to=" + start)).isEmpty();
        assertThat(find(app, "?from=" + (System.currentTimeMillis() + 60_000))).isEmpty();
        assertThat(find(app, "?limit=2")).hasSize(2);
        Admin.Reply bad = signed(app, "GET", "/api/im/admin/audit?limit=501", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().getString("message")).isEqualTo("limit must be 1 to 500");

        // the operators read every app's log, here narrowed to this app and this tenant
        Admin.Reply byOps = Http.get("/api/ops/audit?appKey=" + k, ops);
        assertThat(byOps.status()).isEqualTo(200);
        assertThat(byOps.body().getJsonArray("data")).hasSize(7);
        Admin.Reply tenantOnly = Http.get("/api/ops/audit?tenantId=" + t.id(), ops);
        assertThat(tenantOnly.body().getJsonArray("data").getValuesAs(JsonObject.class))
                .extracting(e -> e.getString("action")).containsExactly("POST /api/apps/{appKey}/secret/rotate",
                        "PUT /api/apps/{appKey}", "POST /api/apps");
        // another app sees none of it
        Console.App other = Console.newApp(t);
        assertThat(find(other, "")).isEmpty();
    }

    private static List<JsonObject> find(Console.App app, String query) {
        Admin.Reply r = signed(app, "GET", "/api/im/admin/audit" + query, null);
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.body().getJsonArray("data").getValuesAs(JsonObject.class);
    }

    private static Admin.Reply signed(Console.App app, String method, String path, String json) {
        return Admin.send(method, path, json, app.appKey(), app.secret(), System.currentTimeMillis(), Admin.nonce());
    }

    private static JsonObject ok(Admin.Reply r) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.body().get("data") instanceof JsonObject o ? o : jakarta.json.JsonValue.EMPTY_JSON_OBJECT;
    }
}
