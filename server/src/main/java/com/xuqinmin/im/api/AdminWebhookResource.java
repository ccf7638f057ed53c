package com.xuqinmin.im.api;

import com.xuqinmin.im.webhook.DeliveryLog;
import com.xuqinmin.im.webhook.OutboxStore;
import com.xuqinmin.im.webhook.WebhookService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** Server API: the app's own webhook (docs/api.md, "Webhooks"), as its back-end sets and watches it. */
@Path("/im/admin/webhook")
@Signed
@RequestScoped
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
@Produces(MediaType.APPLICATION_JSON)
public class AdminWebhookResource {

    @Inject
    WebhookService webhooks;

    @Inject
    Caller caller;

    @GET
    public Envelope<WebhookService.View> get() {
        return caller.ok(webhooks.get(caller.appKey()));
    }

    @PUT
    public Envelope<WebhookService.View> put(WebhookService.Settings in) {
        return caller.ok(webhooks.put(caller.appKey(), in));
    }

    @DELETE
    public Envelope<Map<String, Object>> delete() {
        webhooks.delete(caller.appKey());
        return caller.ok(Map.of());
    }

    @POST
    @Path("test")
    public Envelope<WebhookService.PingResult> test() {
        return caller.ok(webhooks.ping(caller.appKey()));
    }

    @GET
    @Path("deliveries")
    public Envelope<List<DeliveryLog.Entry>> deliveries(@QueryParam("eventId") String eventId,
            @QueryParam("limit") String limit) {
        return caller.ok(webhooks.deliveries(caller.appKey(), eventId, Paging.integer("limit", limit)));
    }

    @GET
    @Path("events")
    public Envelope<List<OutboxStore.Pending>> events(@QueryParam("status") String status,
            @QueryParam("limit") String limit) {
        return caller.ok(webhooks.events(caller.appKey(), status, Paging.integer("limit", limit)));
    }
}
