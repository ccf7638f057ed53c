package com.xuqinmin.im.api;

import com.xuqinmin.im.auth.DemoUsers;
import com.xuqinmin.im.platform.Json;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * The demo chat's one call of its own (docs/platform.md, "Demo chat"): a userSig of the demo app, which
 * the page then exchanges for an im_jwt at {@code /api/im/auth/login} like any app. 404 when the demo
 * is off.
 */
@Path("/demo")
@RequestScoped
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
@Produces(MediaType.APPLICATION_JSON)
public class DemoResource {

    @Inject
    DemoUsers demo;

    @Inject
    Caller caller;

    @Context
    HttpServletRequest http;

    /** {@code {"userId"}}: a userSig of {@code ak_demo_chat} for that user, valid for an hour. */
    @POST
    @Path("/usersig")
    public Envelope<DemoUsers.DemoSig> userSig(byte[] body) {
        String userId = body == null || body.length == 0 ? null : Json.string(Json.parseObject(body), "userId");
        return caller.ok(demo.userSig(userId, http.getRemoteAddr()));
    }
}
