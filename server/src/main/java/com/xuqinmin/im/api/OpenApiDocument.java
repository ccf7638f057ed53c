package com.xuqinmin.im.api;

import com.xuqinmin.im.error.ErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Completes the OpenAPI document that MicroProfile OpenAPI derives from the resources: the title,
 * the three ways to authenticate, the {@code Envelope} and {@code Error} schemas, and on every
 * operation the error answers it can give (status, {@code error} names) with the envelope as body.
 */
public class OpenApiDocument implements OASFilter {

    private static final String SIGNATURE = "requestSignature";
    private static final String BEARER = "bearer";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        api.info(OASFactory.createInfo().title("XuqmGroup IM HTTP API").version("1")
                .description("Every answer is the envelope {code, status, message, data, error, requestId}; "
                        + "failures have status \"1\", an HTTP status equal to code, and a stable error name. "
                        + "The WebSocket protocol (STOMP 1.2 at /ws/im) is described in docs/protocol.md."));
        if (api.getComponents() == null) {
            api.components(OASFactory.createComponents());
        }
        api.getComponents()
                .addSecurityScheme(BEARER, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
                        .scheme("bearer").bearerFormat("JWT")
                        .description("im_jwt (IM client API, admin users on the server API), tenant_jwt (console), "
                                + "ops_jwt (operations), or the corporate SSO token where configured"))
                .addSecurityScheme(SIGNATURE, OASFactory.createSecurityScheme().type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER).name("X-Signature")
                        .description("HMAC-SHA256 request signature with X-App-Key, X-Timestamp and X-Nonce "
                                + "(docs/api.md)"))
                .addSchema("Error", OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                        .addProperty("code", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER)))
                        .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                                .enumeration(List.of("1")))
                        .addProperty("message", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)))
                        .addProperty("error", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                                .enumeration(new ArrayList<>(Arrays.stream(ErrorCode.values()).map(Enum::name).toList())))
                        .addProperty("requestId", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))));
        if (api.getPaths() == null || api.getPaths().getPathItems() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> e : api.getPaths().getPathItems().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> op : e.getValue().getOperations().entrySet()) {
                describe(e.getKey(), op.getValue());
            }
        }
    }

    private static void describe(String path, Operation op) {
        Map<Integer, TreeSet<String>> errors = new LinkedHashMap<>();
        add(errors, ErrorCode.VALIDATION_FAILED);
        add(errors, ErrorCode.INTERNAL_ERROR);
        add(errors, ErrorCode.SERVICE_UNAVAILABLE);
        boolean open = path.startsWith("/api/auth/register") || path.endsWith("/login") || path.endsWith("/jwks")
                || path.startsWith("/api/demo/") || path.equals("/api/auth/sso");
        if (!open) {
            add(errors, ErrorCode.UNAUTHORIZED);
            add(errors, ErrorCode.TOKEN_INVALID);
            add(errors, ErrorCode.FORBIDDEN);
            op.addSecurityRequirement(requirement(BEARER));
        }
        if (path.startsWith("/api/im/admin")) {
            add(errors, ErrorCode.INVALID_SIGNATURE);
            add(errors, ErrorCode.TIMESTAMP_EXPIRED);
            add(errors, ErrorCode.NONCE_REPLAYED);
            add(errors, ErrorCode.BODY_TOO_LARGE);
            op.addSecurityRequirement(requirement(SIGNATURE));
        }
        if (path.endsWith("/login")) {
            add(errors, ErrorCode.INVALID_CREDENTIALS);
            add(errors, ErrorCode.LOGIN_LOCKED);
            add(errors, ErrorCode.RATE_LIMITED);
        }
        if (path.startsWith("/api/demo/")) {
            add(errors, ErrorCode.NOT_FOUND);
            add(errors, ErrorCode.RATE_LIMITED);
        }
        if (path.contains("{")) {
            add(errors, ErrorCode.NOT_FOUND);
        }
        APIResponses responses = op.getResponses() == null ? OASFactory.createAPIResponses() : op.getResponses();
        for (Map.Entry<Integer, TreeSet<String>> err : errors.entrySet()) {
            String status = Integer.toString(err.getKey());
            if (responses.hasAPIResponse(status)) {
                continue;
            }
            APIResponse r = OASFactory.createAPIResponse().description("error: " + String.join(", ", err.getValue()))
                    .content(OASFactory.createContent().addMediaType("application/json",
                            OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Error"))));
            responses.addAPIResponse(status, r);
        }
        op.responses(responses);
    }

    private static SecurityRequirement requirement(String name) {
        return OASFactory.createSecurityRequirement().addScheme(name);
    }

    private static void add(Map<Integer, TreeSet<String>> errors, ErrorCode c) {
        errors.computeIfAbsent(c.code(), k -> new TreeSet<>()).add(c.name());
    }
}
