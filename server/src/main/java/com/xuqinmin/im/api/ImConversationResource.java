package com.xuqinmin.im.api;

import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.chat.ConversationService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** IM client HTTP: the caller's conversations with last message and unread count (API.md §4). */
@Path("/im/conversations")
@ImUserApi
@RolesAllowed("im-user")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ImConversationResource {

    @Inject
    ConversationService conversations;

    @Inject
    Caller caller;

    @GET
    public Envelope<ConversationService.ConversationPage> list(@QueryParam("page") String page,
            @QueryParam("size") String size) {
        Paging p = Paging.of(page, size);
        return caller.ok(conversations.list(new Identity(caller.appKey(), caller.userId()), p.page(), p.size()));
    }
}
