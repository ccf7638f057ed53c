package com.xuqinmin.im.api;

import com.xuqinmin.im.push.PushSettings;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** Server API: the app's offline push providers and templates (docs/api.md, "Push"). */
@Path("/im/admin/push")
@Signed
@RequestScoped
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
@Produces(MediaType.APPLICATION_JSON)
public class AdminPushResource {

    @Inject
    PushSettings push;

    @Inject
    Caller caller;

    @GET
    public Envelope<PushSettings.View> get() {
        return caller.ok(push.get(caller.appKey()));
    }

    @PUT
    public Envelope<PushSettings.View> put(PushSettings.Settings in) {
        return caller.ok(push.put(caller.appKey(), in));
    }

    @DELETE
    public Envelope<Map<String, Object>> delete() {
        push.delete(caller.appKey());
        return caller.ok(Map.of());
    }
}
