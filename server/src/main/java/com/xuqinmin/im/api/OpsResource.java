package com.xuqinmin.im.api;

import com.nimbusds.jose.jwk.JWK;
import com.xuqinmin.im.account.AccountService;
import com.xuqinmin.im.account.AppService;
import com.xuqinmin.im.auth.JwtKeys;
import jakarta.enterprise.context.RequestScoped;
import com.xuqinmin.im.audit.AuditLog;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** The operations platform (API.md §4): tenants and apps, and the token signing keys. */
@Path("/ops")
@OpsApi
@RequestScoped
// bodies are JSON, but a call without one (e.g. disable) needs no Content-Type
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
@Produces(MediaType.APPLICATION_JSON)
public class OpsResource {

    /** A published signing key: its id, and whether it signs new tokens. */
    public record KeyOut(String kid, boolean signing) {
    }

    @Inject
    AccountService accounts;

    @Inject
    AppService apps;

    @Inject
    JwtKeys keys;

    @Inject
    Caller caller;

    @Inject
    AuditLog auditLog;


    @GET
    @Path("tenants")
    public Envelope<AccountService.TenantPage> tenants(@QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        Paging p = Paging.of(page, size);
        return caller.ok(accounts.listTenants(p.page(), p.size()));
    }

    @POST
    @Path("tenants/{tenantId}/disable")
    public Envelope<AccountService.TenantView> disableTenant(@PathParam("tenantId") long tenantId) {
        return caller.ok(accounts.setTenantActive(tenantId, false));
    }

    @POST
    @Path("tenants/{tenantId}/enable")
    public Envelope<AccountService.TenantView> enableTenant(@PathParam("tenantId") long tenantId) {
        return caller.ok(accounts.setTenantActive(tenantId, true));
    }

    @GET
    @Path("apps")
    public Envelope<AppService.Page> apps(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        Paging p = Paging.of(page, size);
        return caller.ok(apps.list(null, p.page(), p.size()));
    }

    @POST
    @Path("apps/{appKey}/disable")
    public Envelope<AppService.AppView> disableApp(@PathParam("appKey") String appKey) {
        return caller.ok(apps.disable(null, appKey));
    }

    @POST
    @Path("apps/{appKey}/enable")
    public Envelope<AppService.AppView> enableApp(@PathParam("appKey") String appKey) {
        return caller.ok(apps.enable(appKey));
    }

    @GET
    @Path("jwt-keys")
    public Envelope<List<KeyOut>> signingKeys() {
        List<JWK> all = keys.verifying();
        return caller.ok(all.stream().map(k -> new KeyOut(k.getKeyID(), k == all.get(0))).toList());
    }

    /** A new signing key; tokens signed by the previous ones keep verifying until those are removed. */
    @POST
    @Path("jwt-keys/rotate")
    public Envelope<KeyOut> rotateKey() {
        return caller.ok(new KeyOut(keys.rotate().getKeyID(), true));
    }

    /** Removes a key from the JWKS: the tokens it signed stop verifying. */
    @DELETE
    @Path("jwt-keys/{kid}")
    public Envelope<Map<String, Object>> removeKey(@PathParam("kid") String kid) {
        keys.remove(kid);
        return caller.ok(Map.of());
    }

    /** The audit log of every app and tenant; {@code appKey}, {@code tenantId} narrow it (docs/api.md, "Audit log"). */
    @GET
    @Path("audit")
    public Envelope<List<AuditLog.Entry>> audit(@QueryParam("appKey") String appKey,
            @QueryParam("tenantId") String tenantId, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("actor") String actor, @QueryParam("action") String action,
            @QueryParam("limit") String limit) {
        return caller.ok(auditLog.find(new AuditLog.Query(appKey, Paging.number("tenantId", tenantId),
                Paging.number("from", from), Paging.number("to", to), actor, action, Paging.integer("limit", limit))));
    }
}
