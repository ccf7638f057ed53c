package com.xuqinmin.im.api;

import com.xuqinmin.im.auth.ConsoleSessions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/** Operator login (API.md §4): an ops_jwt for the operations platform. */
@Path("/auth/ops")
@RequestScoped
// bodies are JSON, but a call without one (e.g. disable) needs no Content-Type
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
@Produces(MediaType.APPLICATION_JSON)
public class OpsAuthResource {

    /** {@code {"name","password"}}. */
    public record LoginIn(String name, String password) {
    }

    @Inject
    ConsoleSessions sessions;

    @Inject
    Caller caller;

    @Context
    HttpServletRequest http;

    @POST
    @Path("/login")
    public Envelope<ConsoleSessions.Session> login(LoginIn in) {
        LoginIn l = in == null ? new LoginIn(null, null) : in;
        return caller.ok(sessions.opsLogin(l.name(), l.password(), http.getRemoteAddr()));
    }
}
