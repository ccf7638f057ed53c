package com.xuqinmin.im.api;

import com.xuqinmin.im.chat.GroupReads;
import com.xuqinmin.im.group.GroupMember;
import com.xuqinmin.im.group.GroupService;
import com.xuqinmin.im.group.GroupService.Actor;
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
import java.util.List;
import java.util.Map;

/**
 * IM client HTTP: the caller's groups (API.md §4). What a member may do is decided by its role in
 * {@link GroupService}: owners and admins manage members, the owner manages admins, transfers and
 * dismisses.
 */
@Path("/im/groups")
@ImUserApi
@RolesAllowed("im-user")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ImGroupResource {

    /** {@code {"groupId"?, "name", "memberIds"?}}: the caller becomes the owner. */
    public record CreateIn(String groupId, String name, List<String> memberIds) {
    }

    /** {@code {"newOwnerId"}}. */
    public record TransferIn(String newOwnerId) {
    }

    @Inject
    GroupService groups;

    @Inject
    GroupReads reads;

    @Inject
    Caller caller;

    @GET
    public Envelope<List<GroupService.GroupView>> mine() {
        return caller.ok(groups.groupsOf(caller.appKey(), caller.userId()));
    }

    @POST
    public Envelope<GroupService.GroupView> create(CreateIn in) {
        CreateIn g = in == null ? new CreateIn(null, null, null) : in;
        return caller.ok(groups.createByUser(caller.appKey(), g.groupId(), g.name(), caller.userId(),
                g.memberIds()));
    }

    @GET
    @Path("{groupId}")
    public Envelope<GroupService.GroupView> get(@PathParam("groupId") String groupId) {
        return caller.ok(groups.get(caller.appKey(), groupId, me()));
    }

    @GET
    @Path("{groupId}/members")
    public Envelope<GroupService.MemberPage> members(@PathParam("groupId") String groupId,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        Paging p = Paging.of(page, size);
        return caller.ok(groups.members(caller.appKey(), groupId, p.page(), p.size(), me()));
    }

    @POST
    @Path("{groupId}/members")
    public Envelope<AdminGroupResource.AddedOut> addMembers(@PathParam("groupId") String groupId,
            AdminGroupResource.MembersIn in) {
        return caller.ok(new AdminGroupResource.AddedOut(
                groups.addMembers(caller.appKey(), groupId, in == null ? null : in.userIds(), me())));
    }

    @DELETE
    @Path("{groupId}/members/{userId}")
    public Envelope<Map<String, Object>> removeMember(@PathParam("groupId") String groupId,
            @PathParam("userId") String userId) {
        groups.removeMember(caller.appKey(), groupId, userId, me());
        return caller.ok(Map.of());
    }

    @POST
    @Path("{groupId}/quit")
    @Consumes(MediaType.WILDCARD)
    public Envelope<Map<String, Object>> quit(@PathParam("groupId") String groupId) {
        groups.quit(caller.appKey(), groupId, caller.userId());
        return caller.ok(Map.of());
    }

    @POST
    @Path("{groupId}/dismiss")
    @Consumes(MediaType.WILDCARD)
    public Envelope<Map<String, Object>> dismiss(@PathParam("groupId") String groupId) {
        groups.dismiss(caller.appKey(), groupId, me());
        return caller.ok(Map.of());
    }

    @POST
    @Path("{groupId}/transfer")
    public Envelope<GroupService.GroupView> transfer(@PathParam("groupId") String groupId, TransferIn in) {
        return caller.ok(groups.transfer(caller.appKey(), groupId, in == null ? null : in.newOwnerId(), me()));
    }

    @POST
    @Path("{groupId}/admins/{userId}")
    @Consumes(MediaType.WILDCARD)
    public Envelope<GroupService.MemberView> addAdmin(@PathParam("groupId") String groupId,
            @PathParam("userId") String userId) {
        return caller.ok(groups.setRole(caller.appKey(), groupId, userId, GroupMember.Role.ADMIN, me()));
    }

    @DELETE
    @Path("{groupId}/admins/{userId}")
    public Envelope<GroupService.MemberView> removeAdmin(@PathParam("groupId") String groupId,
            @PathParam("userId") String userId) {
        return caller.ok(groups.setRole(caller.appKey(), groupId, userId, GroupMember.Role.MEMBER, me()));
    }

    /** Who of the group read message {@code seq} ({@code status=read}) or did not ({@code unread}); members only. */
    @GET
    @Path("{groupId}/messages/{seq}/reads")
    public Envelope<GroupReads.ReadsPage> reads(@PathParam("groupId") String groupId, @PathParam("seq") String seq,
            @QueryParam("status") String status, @QueryParam("page") String page, @QueryParam("size") String size) {
        Paging p = Paging.of(page, size);
        return caller.ok(reads.reads(caller.appKey(), groupId, caller.userId(), Paging.number("seq", seq), status,
                p.page(), p.size()));
    }

    /** {@code {"readReceipts":true|false}}: the owner or an admin switches the group's read receipts. */
    @PUT
    @Path("{groupId}/read-receipts")
    public Envelope<GroupService.GroupView> readReceipts(@PathParam("groupId") String groupId,
            AdminGroupResource.ReadReceiptsIn in) {
        return caller.ok(groups.setReadReceipts(caller.appKey(), groupId, AdminGroupResource.ReadReceiptsIn.of(in),
                me()));
    }

    private Actor me() {
        return Actor.member(caller.userId());
    }
}
