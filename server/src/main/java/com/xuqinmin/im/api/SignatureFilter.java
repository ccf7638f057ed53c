package com.xuqinmin.im.api;

import com.xuqinmin.im.account.AppDirectory;
import com.xuqinmin.im.account.AppInfo;
import com.xuqinmin.im.account.ImUser;
import com.xuqinmin.im.account.UserDirectory;
import com.xuqinmin.im.auth.NonceStore;
import com.xuqinmin.im.auth.PlatformTokens;
import com.xuqinmin.im.auth.RequestSignature;
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
import java.util.Optional;

/**
 * Authenticates the server API both ways the original allows. Either the request signature
 * (API.md §3.3): known and active app, timestamp within the window, nonce not seen before, HMAC
 * compared in constant time — every refusal about the app or the signature reads the same, so a
 * caller learns nothing about which appKeys exist. Or {@code Authorization: Bearer} with the im_jwt
 * of an IM user flagged admin (a valid im_jwt of anyone else gets 403).
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
        String appKey = req.getHeaderString(RequestSignature.APP_KEY);
        String timestamp = req.getHeaderString(RequestSignature.TIMESTAMP);
        String nonce = req.getHeaderString(RequestSignature.NONCE);
        String signature = req.getHeaderString(RequestSignature.SIGNATURE);
        if (appKey == null || timestamp == null || nonce == null || signature == null) {
            throw new ImException(ErrorCode.INVALID_SIGNATURE, "X-App-Key, X-Timestamp, X-Nonce and X-Signature are required");
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "X-Timestamp must be Unix milliseconds");
        }
        long now = System.currentTimeMillis();
        if (Math.abs(now - ts) > config.signatureWindowSeconds() * 1000) {
            throw new ImException(ErrorCode.TIMESTAMP_EXPIRED,
                    "X-Timestamp is more than " + config.signatureWindowSeconds() + " s away from the server's clock");
        }
        if (!RequestSignature.validNonce(nonce)) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "X-Nonce must be 16 to 64 characters of A-Z a-z 0-9 _ -");
        }
        byte[] body = readBody(req);
        Optional<AppInfo> app = apps.find(appKey).filter(AppInfo::active);
        // the path and query exactly as sent, from the servlet request: JAX-RS's request URI is rebuilt
        // by the implementation, and Jersey (Payara) re-encodes characters such as ':' in the query
        String canonical = RequestSignature.canonical(req.getMethod(), http.getRequestURI(), http.getQueryString(),
                timestamp, nonce, body);
        boolean ok = false;
        // compute even for an unknown app, so timing does not tell which appKeys exist
        for (String secret : app.map(AppInfo::secrets).orElse(java.util.List.of("-unknown-app-"))) {
            ok |= RequestSignature.matches(RequestSignature.sign(secret, canonical), signature);
        }
        if (!ok || app.isEmpty()) {
            throw new ImException(ErrorCode.INVALID_SIGNATURE);
        }
        boolean fresh;
        try {
            fresh = nonces.remember(appKey, nonce, now, config.nonceTtlSeconds() * 1000);
        } catch (RuntimeException e) {
            if (ImException.databaseDown(e)) {
                throw ImException.of(e);
            }
            fresh = false; // a concurrent use of the same nonce lost the race on the primary key
        }
        if (!fresh) {
            throw new ImException(ErrorCode.NONCE_REPLAYED, "this X-Nonce was already used");
        }
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
