package com.xuqinmin.im.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.xuqinmin.im.account.AccountService;
import com.xuqinmin.im.account.Tenant;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The consoles' browser login with the company's identity provider: OpenID Connect's authorization-code
 * flow with PKCE (RFC 7636, S256). The page sends the person to the provider's authorization endpoint
 * (found by discovery at {@code {IM_SSO_ISSUER}/.well-known/openid-configuration}) and comes back with
 * a code; this exchanges the code and the page's verifier at the token endpoint, verifies the ID token
 * (signature by the provider's keys, issuer, {@code aud} = {@code IM_SSO_AUDIENCE}, expiry) and its role,
 * and issues the console's own token. The provider's tokens never reach the page.
 */
@ApplicationScoped
public class OidcLogin {

    private static final Logger LOG = Logger.getLogger(OidcLogin.class.getName());
    private static final String SCOPE = "openid email profile";

    @Inject
    ImConfig config;

    @Inject
    SsoVerifier sso;

    @Inject
    AccountService accounts;

    @Inject
    ConsoleSessions sessions;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

    private volatile Discovery discovery;

    /** What the page needs to start the flow; {@code enabled} false when SSO is not configured. */
    public record Start(boolean enabled, String authorizationEndpoint, String clientId, String scope) {
    }

    record Discovery(String authorizationEndpoint, String tokenEndpoint, String jwksUri) {
    }

    public Start start() {
        if (!configured()) {
            return new Start(false, null, null, null);
        }
        Discovery d = discovery();
        return new Start(true, d.authorizationEndpoint(), config.ssoAudience().get(), SCOPE);
    }

    /**
     * Exchanges a code for the console token of {@code console} ({@code tenant} or {@code ops}).
     *
     * @throws ImException VALIDATION_FAILED for missing fields, TOKEN_INVALID when the provider refuses
     *         the code or its ID token does not verify, FORBIDDEN without the console's role
     */
    public ConsoleSessions.Session login(String console, String code, String codeVerifier, String redirectUri) {
        if (!configured()) {
            throw new ImException(ErrorCode.NOT_FOUND, "corporate SSO is not configured on this server");
        }
        boolean ops = "ops".equals(console);
        if (!ops && !"tenant".equals(console)) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "console must be tenant or ops");
        }
        require("code", code, 4096);
        require("redirectUri", redirectUri, 2048);
        if (codeVerifier == null || !codeVerifier.matches("[A-Za-z0-9._~-]{43,128}")) {
            throw new ImException(ErrorCode.VALIDATION_FAILED,
                    "codeVerifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636)");
        }
        Discovery d = discovery();
        String form = form(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri,
                "client_id", config.ssoAudience().get(), "code_verifier", codeVerifier));
        HttpResponse<byte[]> res;
        try {
            res = http.send(HttpRequest.newBuilder(URI.create(d.tokenEndpoint())).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ImException(ErrorCode.SERVICE_UNAVAILABLE, "the identity provider did not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImException(ErrorCode.SERVICE_UNAVAILABLE, "interrupted");
        }
        if (res.statusCode() != 200) {
            throw new ImException(ErrorCode.TOKEN_INVALID, "the identity provider refused the code");
        }
        String idToken = Json.string(Json.parseObject(res.body()), "id_token");
        if (idToken == null) {
            throw new ImException(ErrorCode.TOKEN_INVALID, "the identity provider sent no ID token");
        }
        JWTClaimsSet claims = sso.verify(idToken, config.ssoIssuer().get(), jwksUri(d), config.ssoAudience().get());
        List<String> roles = roles(claims);
        String user = claim(claims, config.ssoUserClaim());
        if (user == null) {
            throw new ImException(ErrorCode.TOKEN_INVALID, "the ID token has no " + config.ssoUserClaim() + " claim");
        }
        if (ops) {
            if (!roles.contains(config.ssoOpsRole())) {
                throw new ImException(ErrorCode.FORBIDDEN, "your account does not have the operations role");
            }
            return sessions.ssoOperator(user);
        }
        if (!roles.contains(config.ssoTenantRole())) {
            throw new ImException(ErrorCode.FORBIDDEN, "your account does not have the tenant role");
        }
        Tenant t = accounts.ssoTenant(user, claim(claims, "name"));
        return sessions.ssoTenant(t);
    }

    private boolean configured() {
        return config.ssoIssuer().isPresent() && config.ssoAudience().isPresent();
    }

    private String jwksUri(Discovery d) {
        return config.ssoJwksUrl().orElse(d.jwksUri());
    }

    private Discovery discovery() {
        Discovery d = discovery;
        if (d != null) {
            return d;
        }
        String issuer = config.ssoIssuer().get();
        String url = config.ssoDiscoveryUrl().orElse(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
        JsonObject doc;
        try {
            HttpResponse<byte[]> res = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofByteArray());
            if (res.statusCode() != 200) {
                throw new IOException("HTTP " + res.statusCode());
            }
            doc = Json.parseObject(res.body());
        } catch (IOException | RuntimeException e) {
            LOG.warning("OpenID discovery at " + url + " failed: " + e.getMessage());
            throw new ImException(ErrorCode.SERVICE_UNAVAILABLE, "the identity provider's discovery document is unavailable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImException(ErrorCode.SERVICE_UNAVAILABLE, "interrupted");
        }
        // OpenID Connect Discovery §4.3: the document must be the configured issuer's
        if (!issuer.equals(Json.string(doc, "issuer"))) {
            LOG.warning("OpenID discovery at " + url + " names the issuer " + Json.string(doc, "issuer")
                    + ", not IM_SSO_ISSUER " + issuer);
            throw new ImException(ErrorCode.SERVICE_UNAVAILABLE, "the identity provider's discovery document is for another issuer");
        }
        String auth = Json.string(doc, "authorization_endpoint");
        String token = Json.string(doc, "token_endpoint");
        if (auth == null || token == null) {
            throw new ImException(ErrorCode.SERVICE_UNAVAILABLE, "the identity provider offers no authorization-code flow");
        }
        d = new Discovery(auth, token, Json.string(doc, "jwks_uri"));
        discovery = d;
        return d;
    }

    private List<String> roles(JWTClaimsSet claims) {
        Object v = claims.getClaim(config.ssoRolesClaim());
        if (v instanceof String s) {
            return List.of(s.split("[ ,]+"));
        }
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    private static String claim(JWTClaimsSet claims, String name) {
        Object v = claims.getClaim(name);
        return v instanceof String s && !s.isBlank() ? s : null;
    }

    private static void require(String field, String value, int max) {
        if (value == null || value.isEmpty() || value.length() > max) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, field + " is required (at most " + max + " characters)");
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
