package com.xuqinmin.im.auth;

import com.xuqinmin.im.account.AccountService;
import com.xuqinmin.im.account.Operator;
import com.xuqinmin.im.account.Tenant;
import com.xuqinmin.im.platform.ImConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The consoles' password logins (API.md §4): the account service checks the password, this issues the
 * tenant_jwt or ops_jwt. Issuing lives here, not in the account package, so accounts need not know
 * about tokens.
 */
@ApplicationScoped
public class ConsoleSessions {

    @Inject
    AccountService accounts;

    @Inject
    PlatformTokens tokens;

    @Inject
    ImConfig config;

    /** A session token and who it is for. */
    public record Session(String token, long expiresAt, String subject, List<String> groups) {
    }

    public Session tenantLogin(String email, String password, String ip) {
        Tenant t = accounts.authenticateTenant(email, password, ip);
        return issue(Long.toString(t.getId()), t.getEmail(), PlatformTokens.TENANT);
    }

    public Session opsLogin(String name, String password, String ip) {
        Operator o = accounts.authenticateOperator(name, password, ip);
        return issue("ops:" + o.getId(), o.getName(), PlatformTokens.OPS);
    }

    /** A tenant the company's identity provider vouched for (OidcLogin). */
    public Session ssoTenant(Tenant t) {
        return issue(Long.toString(t.getId()), t.getEmail(), PlatformTokens.TENANT);
    }

    /** An operator the company's identity provider vouched for (OidcLogin), as ConsoleAuthFilter names one. */
    public Session ssoOperator(String user) {
        return issue("sso:" + user, "sso:" + user, PlatformTokens.OPS);
    }

    private Session issue(String subject, String upn, String group) {
        PlatformTokens.Issued i = tokens.issue(subject, upn, List.of(group), null, config.consoleJwtTtlSeconds());
        return new Session(i.token(), i.expiresAt(), subject, List.of(group));
    }
}
