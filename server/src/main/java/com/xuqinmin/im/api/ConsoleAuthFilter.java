package com.xuqinmin.im.api;

import com.nimbusds.jwt.JWTClaimsSet;
import com.xuqinmin.im.account.AccountService;
import com.xuqinmin.im.account.Tenant;
import com.xuqinmin.im.auth.PlatformTokens;
import com.xuqinmin.im.auth.SsoVerifier;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.ImConfig;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.text.ParseException;
import java.util.List;

/**
 * Authenticates the tenant and operations consoles (API.md §3.2, §3.6): the bearer token is either
 * the platform's own tenant_jwt / ops_jwt, or a JWT of the configured corporate identity provider,
 * whose role claim maps it to a tenant (by e-mail, created on first visit) or to operators.
 */
public abstract class ConsoleAuthFilter implements ContainerRequestFilter {

    /** For {@link TenantApi} resources. */
    @Provider
    @TenantApi
    @Priority(Priorities.AUTHENTICATION)
    public static class Tenants extends ConsoleAuthFilter {
        @Override
        boolean ops() {
            return false;
        }
    }

    /** For {@link OpsApi} resources. */
    @Provider
    @OpsApi
    @Priority(Priorities.AUTHENTICATION)
    public static class Operators extends ConsoleAuthFilter {
        @Override
        boolean ops() {
            return true;
        }
    }

    abstract boolean ops();

    @Inject
    PlatformTokens tokens;

    @Inject
    SsoVerifier sso;

    @Inject
    AccountService accounts;

    @Inject
    ImConfig config;

    @Inject
    Caller caller;

    @Override
    public void filter(ContainerRequestContext req) {
        try {
            authenticate(req);
        } catch (ImException e) {
            req.abortWith(ErrorMappers.toResponse(e.code() == 401 && e.error() != ErrorCode.UNAUTHORIZED
                    ? new ImException(ErrorCode.UNAUTHORIZED, e.getMessage()) : e, caller.requestId()));
        }
    }

    private void authenticate(ContainerRequestContext req) {
        boolean ops = ops();
        String role = ops ? PlatformTokens.OPS : PlatformTokens.TENANT;
        String token = Bearer.token(req.getHeaderString("Authorization"));
        if (tokens.looksLikeOurs(token)) {
            PlatformTokens.Claims c = tokens.verify(token);
            if (!c.in(role)) {
                throw new ImException(ErrorCode.FORBIDDEN, "this token is not for the " + role + " console");
            }
            if (ops) {
                caller.operator(c.upn());
            } else {
                caller.tenant(accounts.activeTenant(Long.parseLong(c.subject())).getId());
            }
            return;
        }
        // SSO for the consoles is on only with an audience to check: a token the provider issued for
        // another of the company's applications must not open a console
        if (config.ssoIssuer().isEmpty() || config.ssoJwksUrl().isEmpty() || config.ssoAudience().isEmpty()) {
            throw new ImException(ErrorCode.TOKEN_INVALID, "invalid token");
        }
        JWTClaimsSet claims = sso.verify(token, config.ssoIssuer().get(), config.ssoJwksUrl().get(),
                config.ssoAudience().get());
        List<String> roles = roles(claims);
        String user = stringClaim(claims, config.ssoUserClaim());
        if (user == null) {
            throw new ImException(ErrorCode.TOKEN_INVALID, "the SSO token has no " + config.ssoUserClaim() + " claim");
        }
        if (ops) {
            if (!roles.contains(config.ssoOpsRole())) {
                throw new ImException(ErrorCode.FORBIDDEN, "the SSO token does not grant the operations role");
            }
            caller.operator("sso:" + user);
        } else {
            if (!roles.contains(config.ssoTenantRole())) {
                throw new ImException(ErrorCode.FORBIDDEN, "the SSO token does not grant the tenant role");
            }
            Tenant t = accounts.ssoTenant(user, stringClaim(claims, "name"));
            caller.tenant(t.getId());
        }
    }

    private List<String> roles(JWTClaimsSet claims) {
        Object v = claims.getClaim(config.ssoRolesClaim());
        if (v instanceof String s) {
            return List.of(s.split("[ ,]+"));
        }
        try {
            List<String> l = claims.getStringListClaim(config.ssoRolesClaim());
            return l == null ? List.of() : l;
        } catch (ParseException e) {
            return List.of();
        }
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object v = claims.getClaim(name);
        return v instanceof String s && !s.isBlank() ? s : null;
    }
}
