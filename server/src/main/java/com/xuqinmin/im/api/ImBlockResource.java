package com.xuqinmin.im.api;

import com.xuqinmin.im.social.BlockService;
import com.xuqinmin.im.social.Page;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
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
import java.util.Map;

/** IM client HTTP: the caller's blocklist (API.md §4.6); the rules are in {@link BlockService}. */
@Path("/im/blocks")
@ImUserApi
@RolesAllowed("im-user")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ImBlockResource {

    /** {@code {"userId"}}. */
    public record BlockIn(String userId) {
    }

    @Inject
    BlockService blocks;

    @Inject
    Caller caller;

    @GET
    public Envelope<Page<BlockService.BlockView>> list(@QueryParam("page") String page,
            @QueryParam("size") String size) {
        Paging p = Paging.of(page, size);
        return caller.ok(blocks.list(caller.appKey(), caller.userId(), p.page(), p.size()));
    }

    @POST
    public Envelope<BlockService.BlockView> block(BlockIn in) {
        return caller.ok(blocks.block(caller.appKey(), caller.userId(), in == null ? null : in.userId()));
    }

    @DELETE
    @Path("{userId}")
    public Envelope<Map<String, Object>> unblock(@PathParam("userId") String userId) {
        blocks.unblock(caller.appKey(), caller.userId(), userId);
        return caller.ok(Map.of());
    }
}
