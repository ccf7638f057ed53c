package com.xuqinmin.im.api;

import com.xuqinmin.im.account.AppDirectory;
import com.xuqinmin.im.account.AppInfo;
import com.xuqinmin.im.account.UserDirectory;
import com.xuqinmin.im.auth.PlatformTokens;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Runs after MicroProfile JWT has verified an im_jwt on the IM client API and checked its
 * {@code groups} against {@code @RolesAllowed}: what a signature cannot know is checked here, at
 * every request — the signing key is still published, the app (and its tenant) is still enabled,
 * and the user is still active. So a removed key, a disabled app or a deleted user stops working at
 * once, not when the token expires.
 */
@Provider
@ImUserApi
@Priority(Priorities.AUTHORIZATION + 10)
public class ImUserFilter implements ContainerRequestFilter {

    @Inject
    PlatformTokens tokens;

    @Inject
    AppDirectory apps;

    @Inject
    UserDirectory users;

    @Inject
    Caller caller;

    @Override
    public void filter(ContainerRequestContext req) {
        try {
            check(req.getSecurityContext().getUserPrincipal());
        } catch (ImException e) {
            req.abortWith(ErrorMappers.toResponse(e, caller.requestId()));
        }
    }

    private void check(Principal p) {
        if (!(p instanceof JsonWebToken jwt)) {
            throw new ImException(ErrorCode.UNAUTHORIZED, "Authorization: Bearer <im_jwt> is required");
        }
        String appKey = jwt.getClaim("appKey");
        // MicroProfile JWT verified the token with the keys it fetched and caches; whether its kid is
        // still published is read from the header alone, not by verifying the token a second time
        if (!tokens.looksLikeOurs(jwt.getRawToken()) || appKey == null
                || !jwt.getGroups().contains(PlatformTokens.IM_USER)) {
            throw new ImException(ErrorCode.UNAUTHORIZED, "invalid token");
        }
        if (apps.find(appKey).filter(AppInfo::active).isEmpty()
                || !users.state(appKey, jwt.getSubject()).active()) {
            throw new ImException(ErrorCode.UNAUTHORIZED, "invalid token");
        }
        caller.imUser(appKey, jwt.getSubject());
    }
}
