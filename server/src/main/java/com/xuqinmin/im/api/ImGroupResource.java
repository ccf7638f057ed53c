package com.xuqinmin.im.api;

import com.xuqinmin.im.group.GroupService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** IM client HTTP: the caller's groups (API.md §4). */
@Path("/im/groups")
@ImUserApi
@RolesAllowed("im-user")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ImGroupResource {

    @Inject
    GroupService groups;

    @Inject
    Caller caller;

    @GET
    public Envelope<List<GroupService.GroupView>> mine() {
        return caller.ok(groups.groupsOf(caller.appKey(), caller.userId()));
    }
}
