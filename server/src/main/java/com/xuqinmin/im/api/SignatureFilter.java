package com.xuqinmin.im.api;

import com.xuqinmin.im.account.AppDirectory;
import com.xuqinmin.im.account.AppInfo;
import com.xuqinmin.im.account.ImUser;
import com.xuqinmin.im.account.UserDirectory;
import com.xuqinmin.im.auth.NonceStore;
import com.xuqinmin.im.auth.PlatformTokens;
import com.xuqinmin.im.auth.RequestSignature;
import com.xuqinmin.im.auth.RequestVerifier;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.ImConfig;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;

/**
 * Authenticates the server API both ways the original allows. Either the request signature
 * (API.md §3.3), checked by {@link RequestVerifier}: known and active app, timestamp within the
 * window, nonce not seen before, HMAC compared in constant time. Or {@code Authorization: Bearer}
 * with the im_jwt of an IM user flagged admin (a valid im_jwt of anyone else gets 403).
 */
@Provider
@Signed
@Priority(Priorities.AUTHENTICATION)
public class SignatureFilter implements ContainerRequestFilter {

    @Inject
    AppDirectory apps;

    @Inject
    NonceStore nonces;

    @Inject
    ImConfig config;

    @Inject
    Caller caller;

    @Inject
    PlatformTokens tokens;

    @Inject
    UserDirectory users;

    @Inject
    Clock clock;

    @Context
    HttpServletRequest http;

    @Override
    public void filter(ContainerRequestContext req) throws IOException {
        try {
            verify(req);
        } catch (ImException e) {
            req.abortWith(ErrorMappers.toResponse(e, caller.requestId()));
        }
    }

    private void verify(ContainerRequestContext req) throws IOException {
        String bearer = Bearer.tokenOrNull(req.getHeaderString("Authorization"));
        if (bearer != null && req.getHeaderString(RequestSignature.SIGNATURE) == null) {
            verifyAdminToken(bearer);
            return;
        }
        // the path and query exactly as sent, from the servlet request: JAX-RS's request URI is rebuilt
        // by the implementation, and Jersey (Payara) re-encodes characters such as ':' in the query
        RequestVerifier.SignedRequest signed = new RequestVerifier.SignedRequest(req.getMethod(), http.getRequestURI(),
                http.getQueryString(), req.getHeaderString(RequestSignature.APP_KEY),
                req.getHeaderString(RequestSignature.TIMESTAMP), req.getHeaderString(RequestSignature.NONCE),
                req.getHeaderString(RequestSignature.SIGNATURE));
        RequestVerifier verifier = new RequestVerifier(apps, nonces::remember, clock, config.signatureWindowSeconds(),
                config.nonceTtlSeconds());
        String appKey = verifier.verify(signed, () -> readBody(req));
        caller.app(appKey);
    }

    private void verifyAdminToken(String token) {
        PlatformTokens.Claims c;
        try {
            c = tokens.verify(token);
        } catch (ImException e) {
            throw new ImException(ErrorCode.UNAUTHORIZED, "invalid token");
        }
        if (!c.in(PlatformTokens.IM_USER) || c.appKey() == null) {
            throw new ImException(ErrorCode.FORBIDDEN, "the server API takes an admin im_jwt or a request signature");
        }
        apps.find(c.appKey()).filter(AppInfo::active)
                .orElseThrow(() -> new ImException(ErrorCode.UNAUTHORIZED, "invalid token"));
        // the admin flag is read now, not from the token: revoking it takes effect at once
        ImUser u;
        try {
            u = users.requireActive(c.appKey(), c.subject());
        } catch (ImException e) {
            throw new ImException(ErrorCode.UNAUTHORIZED, "invalid token");
        }
        if (!u.isAdmin()) {
            throw new ImException(ErrorCode.FORBIDDEN, "only IM users flagged admin may call the server API");
        }
        caller.app(c.appKey());
    }

    private byte[] readBody(ContainerRequestContext req) throws IOException {
        if (!req.hasEntity()) {
            return new byte[0];
        }
        int max = config.apiMaxBodyBytes();
        byte[] body;
        try (InputStream in = req.getEntityStream()) {
            body = in.readNBytes(max + 1);
        }
        if (body.length > max) {
            throw new ImException(ErrorCode.BODY_TOO_LARGE, "request bodies are limited to " + max + " bytes");
        }
        req.setEntityStream(new ByteArrayInputStream(body));
        return body;
    }
}
