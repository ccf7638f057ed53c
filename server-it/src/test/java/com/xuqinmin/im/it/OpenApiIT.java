package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAPI document at /openapi describes every endpoint with its envelope and errors; /openapi/ui shows it. */
class OpenApiIT {

    private static JsonObject document() {
        HttpResponse<String> r = Http.raw("GET", "/openapi?format=JSON", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        return Http.json(r.body());
    }

    @Test
    void every_surface_of_the_api_is_described() {
        JsonObject paths = document().getJsonObject("paths");
        assertThat(paths.keySet()).contains("/api/im/admin/users", "/api/im/admin/users/{userId}/usersig",
                "/api/im/admin/groups", "/api/im/auth/login", "/api/im/auth/refresh", "/api/im/auth/jwks",
                "/api/im/groups", "/api/auth/register", "/api/auth/login", "/api/auth/change-password", "/api/apps",
                "/api/apps/{appKey}/secret/rotate", "/api/auth/ops/login", "/api/ops/tenants", "/api/ops/jwt-keys/rotate");
        assertThat(paths.keySet()).noneMatch(p -> p.startsWith("/ws"));
    }

    @Test
    void every_operation_lists_its_errors_with_the_envelope() {
        JsonObject doc = document();
        assertThat(doc.getJsonObject("components").getJsonObject("schemas")).containsKey("Error");
        assertThat(doc.getJsonObject("components").getJsonObject("securitySchemes")).containsKeys("bearer",
                "requestSignature");
        for (Map.Entry<String, JsonValue> path : doc.getJsonObject("paths").entrySet()) {
            for (Map.Entry<String, JsonValue> op : path.getValue().asJsonObject().entrySet()) {
                if (!(op.getValue() instanceof JsonObject o) || !o.containsKey("responses")) {
                    continue;
                }
                JsonObject responses = o.getJsonObject("responses");
                assertThat(responses).as(op.getKey() + " " + path.getKey()).containsKeys("400", "500");
                assertThat(responses.getJsonObject("400").toString()).contains("#/components/schemas/Error");
            }
        }
        JsonObject admin = doc.getJsonObject("paths").getJsonObject("/api/im/admin/users").getJsonObject("post");
        assertThat(admin.getJsonObject("responses").getJsonObject("401").getString("description"))
                .contains("INVALID_SIGNATURE", "NONCE_REPLAYED");
    }

    @Test
    void a_ui_page_shows_the_document() {
        HttpResponse<String> ui = Http.raw("GET", "/openapi/ui/", null, null);
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).containsIgnoringCase("<html");
    }
}
