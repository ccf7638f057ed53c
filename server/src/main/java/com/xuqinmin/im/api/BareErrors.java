package com.xuqinmin.im.api;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * Gives a body to the failures the container answers without one, so a client always gets the
 * envelope (API.md §2). The case that needs it: on the IM client API, Liberty's MicroProfile JWT and
 * {@code @RolesAllowed} answer a missing, malformed, forged or expired im_jwt (and a platform token
 * without the {@code im-user} group) themselves, with an empty 401 or 403 and a {@code Basic}
 * challenge. Those answers still pass through the JAX-RS response filters, so the envelope is put
 * in here; and every 401 carries a {@code Bearer} challenge (RFC 6750) instead of Liberty's {@code Basic}.
 */
@Provider
public class BareErrors implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext req, ContainerResponseContext res) {
        int status = res.getStatus();
        if (status == 401) {
            // every API here takes a bearer token (the server API an admin's im_jwt too)
            res.getHeaders().putSingle(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"xuqm-im\"");
        }
        if (status < 400 || res.hasEntity()) {
            return;
        }
        ErrorCode code = switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404, 405 -> ErrorCode.NOT_FOUND;
            case 413 -> ErrorCode.BODY_TOO_LARGE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
            default -> status < 500 ? ErrorCode.VALIDATION_FAILED : ErrorCode.INTERNAL_ERROR;
        };
        String message = switch (code) {
            case UNAUTHORIZED -> "a valid Authorization: Bearer <im_jwt> is required";
            case FORBIDDEN -> "this token may not call this endpoint";
            default -> code.defaultMessage();
        };
        res.setStatus(code.code());
        res.setEntity(Envelope.failure(new ImException(code, message), RequestIds.of(req)),
                null, MediaType.APPLICATION_JSON_TYPE);
    }
}
