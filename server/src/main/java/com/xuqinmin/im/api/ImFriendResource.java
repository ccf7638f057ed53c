package com.xuqinmin.im.api;

import com.xuqinmin.im.social.FriendService;
import com.xuqinmin.im.social.Page;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
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
import java.util.Map;

/** IM client HTTP: the caller's friends and friend requests (API.md §4.5); the rules are in {@link FriendService}. */
@Path("/im/friends")
@ImUserApi
@RolesAllowed("im-user")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ImFriendResource {

    /** {@code {"toId", "message"?}}. */
    public record RequestIn(String toId, String message) {
    }

    /** {@code {"remark"}}: blank clears it. */
    public record RemarkIn(String remark) {
    }

    @Inject
    FriendService friends;

    @Inject
    Caller caller;

    @GET
    public Envelope<Page<FriendService.FriendView>> list(@QueryParam("page") String page,
            @QueryParam("size") String size) {
        Paging p = Paging.of(page, size);
        return caller.ok(friends.friends(caller.appKey(), caller.userId(), p.page(), p.size()));
    }

    @POST
    @Path("requests")
    public Envelope<FriendService.RequestView> request(RequestIn in) {
        RequestIn r = in == null ? new RequestIn(null, null) : in;
        return caller.ok(friends.request(caller.appKey(), caller.userId(), r.toId(), r.message()));
    }

    @GET
    @Path("requests")
    public Envelope<Page<FriendService.RequestView>> requests(@QueryParam("direction") String direction,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        Paging p = Paging.of(page, size);
        return caller.ok(friends.requests(caller.appKey(), caller.userId(), direction, p.page(), p.size()));
    }

    @POST
    @Path("requests/{id}/accept")
    @Consumes(MediaType.WILDCARD)
    public Envelope<FriendService.RequestView> accept(@PathParam("id") String id) {
        return caller.ok(friends.accept(caller.appKey(), caller.userId(), id));
    }

    @POST
    @Path("requests/{id}/decline")
    @Consumes(MediaType.WILDCARD)
    public Envelope<FriendService.RequestView> decline(@PathParam("id") String id) {
        return caller.ok(friends.decline(caller.appKey(), caller.userId(), id));
    }

    @PUT
    @Path("{userId}")
    public Envelope<FriendService.FriendView> remark(@PathParam("userId") String userId, RemarkIn in) {
        String remark = in == null || in.remark() == null ? "" : in.remark();
        return caller.ok(friends.remark(caller.appKey(), caller.userId(), userId, remark));
    }

    @DELETE
    @Path("{userId}")
    public Envelope<Map<String, Object>> delete(@PathParam("userId") String userId) {
        friends.delete(caller.appKey(), caller.userId(), userId);
        return caller.ok(Map.of());
    }
}
