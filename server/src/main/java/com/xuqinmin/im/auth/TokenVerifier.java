package com.xuqinmin.im.auth;

import com.xuqinmin.im.account.AppDirectory;
import com.xuqinmin.im.account.AppInfo;
import com.xuqinmin.im.account.UserDirectory;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.ImConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Checks the tokens apps connect with — a userSig (HS256, keyed by the AppSecret) or an im_jwt
 * (RS256, issued by the platform) — and answers who they name.
 */
@ApplicationScoped
public class TokenVerifier {

    @Inject
    AppDirectory apps;

    @Inject
    UserDirectory users;

    @Inject
    ImConfig config;

    @Inject
    PlatformTokens platformTokens;

    /**
     * Verifies a token without side effects: signature, times, app, and that the user is not
     * deleted or banned (a user not yet imported passes when the app creates users on first use).
     */
    public Identity check(String token) {
        Verified v = verify(token);
        UserDirectory.UserState s = users.state(v.app.appKey(), v.userId);
        if (s.active() || (!userExists(v) && v.app.autoCreateUsers())) {
            return new Identity(v.app.appKey(), v.userId);
        }
        throw new ImException(ErrorCode.TOKEN_INVALID, "user not allowed");
    }

    /** Verifies a token and signs its user in, creating the user on first use where the app allows. */
    public Identity signIn(String token) {
        return signIn(verify(token));
    }

    /** Like {@link #signIn} for a userSig only (an im_jwt is refused). */
    public Identity signInUserSig(String token) {
        if (platformTokens.looksLikeOurs(token)) {
            throw new ImException(ErrorCode.TOKEN_INVALID, "a userSig is expected here");
        }
        return signIn(verify(token));
    }

    /** Signs in a user whose app verified the identity by other means (corporate SSO). */
    public Identity signIn(AppInfo app, String userId) {
        return signIn(new Verified(app, userId));
    }

    private Identity signIn(Verified v) {
        try {
            users.signIn(v.app, v.userId);
        } catch (ImException e) {
            throw new ImException(ErrorCode.TOKEN_INVALID, "user not allowed: " + e.getMessage());
        }
        return new Identity(v.app.appKey(), v.userId);
    }

    private boolean userExists(Verified v) {
        return users.exists(v.app.appKey(), v.userId);
    }

    private record Verified(AppInfo app, String userId) {
    }

    private Verified verify(String token) {
        if (token == null || token.isEmpty() || token.length() > 4096) {
            throw new ImException(ErrorCode.TOKEN_INVALID, "no token");
        }
        if (platformTokens.looksLikeOurs(token)) {
            return verifyImJwt(token);
        }
        String appKey = UserSig.unverifiedAppKey(token);
        AppInfo app = apps.find(appKey).orElseThrow(() -> new ImException(ErrorCode.TOKEN_INVALID, "unknown app"));
        if (!app.active()) {
            throw new ImException(ErrorCode.TOKEN_INVALID, "app disabled");
        }
        UserSig.Claims claims = UserSig.verify(token, app.appKey(), app.secrets(), System.currentTimeMillis() / 1000,
                config.clockSkewSeconds(), app.maxUserSigLifetimeSeconds());
        if (!com.xuqinmin.im.account.Ids.valid(claims.userId())) {
            throw new ImException(ErrorCode.TOKEN_INVALID, "sub is not a valid userId");
        }
        if (com.xuqinmin.im.account.SystemAccount.is(claims.userId())) {
            throw new ImException(ErrorCode.TOKEN_INVALID, "the system account cannot sign in");
        }
        return new Verified(app, claims.userId());
    }

    /** An im_jwt: the platform signed it; the app must still be active (a disabled app's tokens die at once). */
    private Verified verifyImJwt(String token) {
        PlatformTokens.Claims c = platformTokens.verify(token);
        if (!c.in(PlatformTokens.IM_USER) || c.appKey() == null) {
            throw new ImException(ErrorCode.TOKEN_INVALID, "not an im_jwt");
        }
        AppInfo app = apps.find(c.appKey()).filter(AppInfo::active)
                .orElseThrow(() -> new ImException(ErrorCode.TOKEN_INVALID, "app unknown or disabled"));
        return new Verified(app, c.subject());
    }
}
