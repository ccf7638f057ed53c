package com.xuqinmin.im.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.xuqinmin.im.account.AppDirectory;
import com.xuqinmin.im.account.AppInfo;
import com.xuqinmin.im.account.Ids;
import com.xuqinmin.im.account.ImUser;
import com.xuqinmin.im.account.LoginGuard;
import com.xuqinmin.im.account.UserDirectory;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.ImConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * The IM user's HTTP session (API.md §3.2): a userSig, or a corporate SSO token where the app allows
 * it, is exchanged for an im_jwt; an im_jwt is refreshed before it expires.
 */
@ApplicationScoped
public class ImSessions {

    @Inject
    TokenVerifier tokens;

    @Inject
    PlatformTokens platformTokens;

    @Inject
    SsoVerifier sso;

    @Inject
    AppDirectory apps;

    @Inject
    UserDirectory users;

    @Inject
    ImConfig config;

    @Inject
    LoginGuard guard;

    /** An im_jwt for a user of an app. */
    public record ImToken(String token, long expiresAt, String userId, String appKey) {
    }

    /** Logs a user in with a userSig, from {@code ip} (counted against the per-address login budget). */
    public ImToken loginWithUserSig(String appKey, String userId, String userSig, String ip) {
        guard.admitUserLogin(ip);
        if (userSig == null || userSig.isEmpty()) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "userSig is required");
        }
        Identity who = tokens.signInUserSig(userSig);
        if ((appKey != null && !appKey.equals(who.appKey())) || (userId != null && !userId.equals(who.userId()))) {
            throw new ImException(ErrorCode.TOKEN_INVALID, "the userSig is for another app or user");
        }
        return issue(who);
    }

    /** Logs a user in with the app's SSO token, from {@code ip} (counted against the per-address login budget). */
    public ImToken loginWithSso(String appKey, String ssoToken, String ip) {
        guard.admitUserLogin(ip);
        AppInfo app = apps.find(appKey).filter(AppInfo::active)
                .orElseThrow(() -> new ImException(ErrorCode.TOKEN_INVALID, "unknown app"));
        if (app.sso() == null) {
            throw new ImException(ErrorCode.FORBIDDEN, "this app does not accept SSO logins");
        }
        JWTClaimsSet claims = sso.verify(ssoToken, app.sso().issuer(), app.sso().jwksUrl(), app.sso().audience());
        Object userId = claims.getClaim(app.sso().userClaim());
        if (!(userId instanceof String u) || !Ids.valid(u)) {
            throw new ImException(ErrorCode.TOKEN_INVALID, "the SSO token's " + app.sso().userClaim()
                    + " claim is not a valid userId");
        }
        return issue(tokens.signIn(app, u));
    }

    /** A fresh im_jwt for the holder of a valid one (the user must still be active). */
    public ImToken refresh(String imJwt) {
        PlatformTokens.Claims c = platformTokens.verify(imJwt);
        if (!c.in(PlatformTokens.IM_USER) || c.appKey() == null) {
            throw new ImException(ErrorCode.TOKEN_INVALID, "not an im_jwt");
        }
        apps.find(c.appKey()).filter(AppInfo::active)
                .orElseThrow(() -> new ImException(ErrorCode.TOKEN_INVALID, "app unknown or disabled"));
        return issue(new Identity(c.appKey(), c.subject()));
    }

    private ImToken issue(Identity who) {
        ImUser u = users.requireActive(who.appKey(), who.userId());
        List<String> groups = new ArrayList<>(2);
        groups.add(PlatformTokens.IM_USER);
        if (u.isAdmin()) {
            groups.add(PlatformTokens.IM_ADMIN);
        }
        PlatformTokens.Issued i = platformTokens.issue(who.userId(), who.userId() + "@" + who.appKey(), groups,
                who.appKey(), config.imJwtTtlSeconds());
        return new ImToken(i.token(), i.expiresAt(), who.userId(), who.appKey());
    }
}
