package com.xuqinmin.im.api;

import com.xuqinmin.im.account.AppService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The tenant console's apps (API.md §4): a tenant sees and changes only its own. */
@Path("/apps")
@TenantApi
@RequestScoped
// bodies are JSON, but a call without one (e.g. disable) needs no Content-Type
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
@Produces(MediaType.APPLICATION_JSON)
public class AppsResource {

    /** {@code {"name"}}. */
    public record CreateIn(String name) {
    }

    /** {@code {"graceSeconds"}}, optional (default 24 h). */
    public record RotateIn(Long graceSeconds) {
    }

    @Inject
    AppService apps;

    @Inject
    Caller caller;

    @POST
    public Envelope<AppService.AppView> create(CreateIn in) {
        return caller.ok(apps.create(caller.tenantId(), in == null ? null : in.name()));
    }

    @GET
    public Envelope<AppService.Page> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        Paging p = Paging.of(page, size);
        return caller.ok(apps.list(caller.tenantId(), p.page(), p.size()));
    }

    @GET
    @Path("/{appKey}")
    public Envelope<AppService.AppView> get(@PathParam("appKey") String appKey) {
        return caller.ok(apps.get(caller.tenantId(), appKey));
    }

    @PUT
    @Path("/{appKey}")
    public Envelope<AppService.AppView> update(@PathParam("appKey") String appKey, AppService.Settings in) {
        return caller.ok(apps.update(caller.tenantId(), appKey,
                in == null ? new AppService.Settings(null, null, null, null, null, null, null, null, null) : in));
    }

    @POST
    @Path("/{appKey}/secret/rotate")
    public Envelope<AppService.AppView> rotate(@PathParam("appKey") String appKey, RotateIn in) {
        return caller.ok(apps.rotateSecret(caller.tenantId(), appKey, in == null ? null : in.graceSeconds()));
    }

    @POST
    @Path("/{appKey}/disable")
    public Envelope<AppService.AppView> disable(@PathParam("appKey") String appKey) {
        return caller.ok(apps.disable(caller.tenantId(), appKey));
    }
}
