package com.xuqinmin.im.api;

import com.xuqinmin.im.auth.ImSessions;
import com.xuqinmin.im.auth.JwtKeys;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.Json;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;

/**
 * IM users' sessions (API.md §3.2): exchange a userSig (or an SSO token, where the app allows it)
 * for an im_jwt, refresh it, and the JWKS that verifies it.
 */
@Path("/im/auth")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ImAuthResource {

    @Inject
    ImSessions sessions;

    @Inject
    JwtKeys keys;

    @Inject
    Caller caller;

    @Context
    HttpServletRequest http;

    /**
     * {@code {"appKey","userId","userSig"}} in the body, or the same as query parameters, as the
     * original accepted; or {@code {"appKey","ssoToken"}}.
     */
    @POST
    @Path("/login")
    public Envelope<ImSessions.ImToken> login(@QueryParam("appKey") String qAppKey,
            @QueryParam("userId") String qUserId, @QueryParam("userSig") String qUserSig, byte[] body) {
        String appKey = qAppKey;
        String userId = qUserId;
        String userSig = qUserSig;
        String ssoToken = null;
        if (body != null && body.length > 0) {
            JsonObject o = Json.parseObject(body);
            appKey = first(Json.string(o, "appKey"), appKey);
            userId = first(Json.string(o, "userId"), userId);
            userSig = first(Json.string(o, "userSig"), userSig);
            ssoToken = Json.string(o, "ssoToken");
        }
        if (ssoToken != null) {
            if (appKey == null) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, "appKey is required with ssoToken");
            }
            return caller.ok(sessions.loginWithSso(appKey, ssoToken, http.getRemoteAddr()));
        }
        return caller.ok(sessions.loginWithUserSig(appKey, userId, userSig, http.getRemoteAddr()));
    }

    /** A new im_jwt for the holder of a valid one ({@code Authorization: Bearer}). */
    @POST
    @Path("/refresh")
    public Envelope<ImSessions.ImToken> refresh(@HeaderParam("Authorization") String authorization) {
        return caller.ok(sessions.refresh(Bearer.token(authorization)));
    }

    /** The public keys of the platform's tokens: a standard JWKS document, not enveloped. */
    @GET
    @Path("/jwks")
    public Response jwks() {
        CacheControl cc = new CacheControl();
        cc.setMaxAge(60);
        return Response.ok(keys.publicSet().toString(true).getBytes(StandardCharsets.UTF_8))
                .type("application/jwk-set+json").cacheControl(cc).build();
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
