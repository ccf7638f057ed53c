package com.xuqinmin.im.api;

import com.xuqinmin.im.group.GroupService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** Server API: creating groups and changing their members (API.md §4). */
@Path("/im/admin/groups")
@Signed
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdminGroupResource {

    /** {@code {"groupId","name","ownerId","memberIds"}}; groupId is made when absent. */
    public record GroupIn(String groupId, String name, String ownerId, List<String> memberIds) {
    }

    /** {@code {"userIds":[...]}}. */
    public record MembersIn(List<String> userIds) {
    }

    /** {@code {"added":[...]}}. */
    public record AddedOut(List<String> added) {
    }

    @Inject
    Caller caller;

    @Inject
    GroupService groups;


    @POST
    public Envelope<GroupService.GroupView> create(GroupIn in) {
        GroupIn g = in == null ? new GroupIn(null, null, null, null) : in;
        return caller.ok(groups.create(caller.appKey(), g.groupId(), g.name(), g.ownerId(), g.memberIds()));
    }

    @POST
    @Path("/{groupId}/members")
    public Envelope<AddedOut> addMembers(@PathParam("groupId") String groupId, MembersIn in) {
        return caller.ok(new AddedOut(groups.addMembers(caller.appKey(), groupId, in == null ? null : in.userIds())));
    }

    @DELETE
    @Path("/{groupId}/members/{userId}")
    public Envelope<Map<String, Object>> removeMember(@PathParam("groupId") String groupId,
            @PathParam("userId") String userId) {
        groups.removeMember(caller.appKey(), groupId, userId);
        return caller.ok(Map.of());
    }
}
