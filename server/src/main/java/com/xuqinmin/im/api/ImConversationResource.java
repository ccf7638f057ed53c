package com.xuqinmin.im.api;

import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.chat.ConversationService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import com.xuqinmin.im.chat.ConversationSettings;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** IM client HTTP: the caller's conversations with last message and unread count, and its own settings of them (API.md §4.3). */
@Path("/im/conversations")
@ImUserApi
@RolesAllowed("im-user")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ImConversationResource {

    @Inject
    ConversationService conversations;

    @Inject
    ConversationSettings settings;

    @Inject
    Caller caller;

    /** {@code {"pinned"?, "muted"?, "hidden"?}}. */
    public record SettingsIn(Boolean pinned, Boolean muted, Boolean hidden) {
    }

    @GET
    public Envelope<ConversationService.ConversationPage> list(@QueryParam("page") String page,
            @QueryParam("size") String size) {
        Paging p = Paging.of(page, size);
        return caller.ok(conversations.list(new Identity(caller.appKey(), caller.userId()), p.page(), p.size()));
    }

    @PUT
    @Path("{conversationId}/settings")
    @Consumes(MediaType.APPLICATION_JSON)
    public Envelope<ConversationSettings.View> settings(@PathParam("conversationId") String conversationId,
            SettingsIn in) {
        SettingsIn s = in == null ? new SettingsIn(null, null, null) : in;
        return caller.ok(settings.update(me(), conversationId, s.pinned(), s.muted(), s.hidden()));
    }

    /** Deletes the conversation for the caller only: hidden, and its history so far no longer shown to it. */
    @DELETE
    @Path("{conversationId}")
    public Envelope<ConversationSettings.View> delete(@PathParam("conversationId") String conversationId) {
        return caller.ok(settings.clear(me(), conversationId));
    }

    private Identity me() {
        return new Identity(caller.appKey(), caller.userId());
    }
}
