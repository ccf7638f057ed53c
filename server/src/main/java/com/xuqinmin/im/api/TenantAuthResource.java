package com.xuqinmin.im.api;

import com.xuqinmin.im.account.AccountService;
import com.xuqinmin.im.auth.ConsoleSessions;
import com.xuqinmin.im.auth.OidcLogin;
import jakarta.ws.rs.GET;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** The tenant platform's accounts (API.md §4): register, log in (tenant_jwt), change the password. */
@Path("/auth")
@RequestScoped
// bodies are JSON, but a call without one (e.g. disable) needs no Content-Type
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
@Produces(MediaType.APPLICATION_JSON)
public class TenantAuthResource {

    /** {@code {"name","email","password"}}. */
    public record RegisterIn(String name, String email, String password) {
    }

    /** {@code {"email","password"}}. */
    public record LoginIn(String email, String password) {
    }

    /** {@code {"console","code","codeVerifier","redirectUri"}}: the end of the OIDC authorization-code flow. */
    public record SsoLoginIn(String console, String code, String codeVerifier, String redirectUri) {
    }

    /** {@code {"currentPassword","newPassword"}}. */
    public record ChangePasswordIn(String currentPassword, String newPassword) {
    }

    @Inject
    AccountService accounts;

    @Inject
    ConsoleSessions sessions;

    @Inject
    OidcLogin oidc;

    @Inject
    Caller caller;

    @Context
    HttpServletRequest http;

    @POST
    @Path("/register")
    public Envelope<AccountService.TenantView> register(RegisterIn in) {
        RegisterIn r = in == null ? new RegisterIn(null, null, null) : in;
        return caller.ok(accounts.register(r.name(), r.email(), r.password()));
    }

    /** Where the consoles' "log in with your company account" starts: the provider's endpoint and client id. */
    @GET
    @Path("/sso")
    public Envelope<OidcLogin.Start> sso() {
        return caller.ok(oidc.start());
    }

    /** Exchanges the provider's code (and the page's PKCE verifier) for a tenant_jwt or ops_jwt. */
    @POST
    @Path("/sso/login")
    public Envelope<ConsoleSessions.Session> ssoLogin(SsoLoginIn in) {
        SsoLoginIn l = in == null ? new SsoLoginIn(null, null, null, null) : in;
        return caller.ok(oidc.login(l.console(), l.code(), l.codeVerifier(), l.redirectUri()));
    }

    @POST
    @Path("/login")
    public Envelope<ConsoleSessions.Session> login(LoginIn in) {
        LoginIn l = in == null ? new LoginIn(null, null) : in;
        return caller.ok(sessions.tenantLogin(l.email(), l.password(), http.getRemoteAddr()));
    }

    @POST
    @Path("/change-password")
    @TenantApi
    public Envelope<Map<String, Object>> changePassword(ChangePasswordIn in) {
        ChangePasswordIn c = in == null ? new ChangePasswordIn(null, null) : in;
        accounts.changeTenantPassword(caller.tenantId(), c.currentPassword(), c.newPassword(), http.getRemoteAddr());
        return caller.ok(Map.of());
    }
}
