package com.xuqinmin.im.api;

import com.xuqinmin.im.account.AppService;
import com.xuqinmin.im.account.Ids;
import com.xuqinmin.im.account.UserDirectory;
import com.xuqinmin.im.chat.MessageStats;
import com.xuqinmin.im.gateway.Presence;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import com.xuqinmin.im.push.PushSettings;
import com.xuqinmin.im.webhook.DeliveryLog;
import com.xuqinmin.im.webhook.OutboxStore;
import com.xuqinmin.im.webhook.WebhookService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

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

    @Inject
    WebhookService webhooks;

    @Inject
    UserDirectory users;

    @Inject
    Presence presence;

    @Inject
    MessageStats stats;

    @Inject
    PushSettings push;

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
                in == null ? new AppService.Settings(null, null, null, null, null, null, null, null, null, null, null, null, null) : in));
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

    // ---- the app's webhook (docs/api.md, "Webhooks"): the same calls as the server API's, for the tenant

    @GET
    @Path("/{appKey}/webhook")
    public Envelope<WebhookService.View> webhook(@PathParam("appKey") String appKey) {
        return caller.ok(webhooks.get(owned(appKey)));
    }

    @PUT
    @Path("/{appKey}/webhook")
    public Envelope<WebhookService.View> setWebhook(@PathParam("appKey") String appKey, WebhookService.Settings in) {
        return caller.ok(webhooks.put(owned(appKey), in));
    }

    @DELETE
    @Path("/{appKey}/webhook")
    public Envelope<Map<String, Object>> deleteWebhook(@PathParam("appKey") String appKey) {
        webhooks.delete(owned(appKey));
        return caller.ok(Map.of());
    }

    @POST
    @Path("/{appKey}/webhook/test")
    public Envelope<WebhookService.PingResult> testWebhook(@PathParam("appKey") String appKey) {
        return caller.ok(webhooks.ping(owned(appKey)));
    }

    @GET
    @Path("/{appKey}/webhook/deliveries")
    public Envelope<List<DeliveryLog.Entry>> webhookDeliveries(@PathParam("appKey") String appKey,
            @QueryParam("eventId") String eventId, @QueryParam("limit") String limit) {
        return caller.ok(webhooks.deliveries(owned(appKey), eventId, Paging.integer("limit", limit)));
    }

    @GET
    @Path("/{appKey}/webhook/events")
    public Envelope<List<OutboxStore.Pending>> webhookEvents(@PathParam("appKey") String appKey,
            @QueryParam("status") String status, @QueryParam("limit") String limit) {
        return caller.ok(webhooks.events(owned(appKey), status, Paging.integer("limit", limit)));
    }

    // ---- the app's users, sessions and messages, for the console without the AppSecret (docs/platform.md)

    @GET
    @Path("/{appKey}/users")
    public Envelope<UserDirectory.UserPage> users(@PathParam("appKey") String appKey, @QueryParam("prefix") String prefix,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        Paging p = Paging.of(page, size);
        return caller.ok(users.list(owned(appKey), prefix, p.page(), p.size()));
    }

    @GET
    @Path("/{appKey}/online")
    public Envelope<Presence.Online> online(@PathParam("appKey") String appKey, @QueryParam("limit") String limit) {
        return caller.ok(AdminAppStatsResource.online(presence, owned(appKey), limit));
    }

    /** Closes every socket of the user now, as the server API's kick does. */
    @POST
    @Path("/{appKey}/users/{userId}/kick")
    public Envelope<Map<String, Object>> kick(@PathParam("appKey") String appKey, @PathParam("userId") String userId) {
        users.kick(owned(appKey), Ids.require("userId", userId));
        return caller.ok(Map.of());
    }

    @GET
    @Path("/{appKey}/stats/messages")
    public Envelope<MessageStats.Counts> messageCounts(@PathParam("appKey") String appKey) {
        return caller.ok(stats.of(owned(appKey)));
    }

    // ---- the app's offline push providers (docs/api.md, "Push"): the same calls as the server API's

    @GET
    @Path("/{appKey}/push")
    public Envelope<PushSettings.View> push(@PathParam("appKey") String appKey) {
        return caller.ok(push.get(owned(appKey)));
    }

    @PUT
    @Path("/{appKey}/push")
    public Envelope<PushSettings.View> setPush(@PathParam("appKey") String appKey, PushSettings.Settings in) {
        return caller.ok(push.put(owned(appKey), in));
    }

    @DELETE
    @Path("/{appKey}/push")
    public Envelope<Map<String, Object>> deletePush(@PathParam("appKey") String appKey) {
        push.delete(owned(appKey));
        return caller.ok(Map.of());
    }

    /** The appKey, once it is known to be the calling tenant's app (404 otherwise). */
    private String owned(String appKey) {
        return apps.get(caller.tenantId(), appKey).appKey();
    }
}
