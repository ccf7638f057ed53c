package com.xuqinmin.im.api;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.chat.GroupReads;
import com.xuqinmin.im.group.GroupMember;
import com.xuqinmin.im.group.GroupService;
import com.xuqinmin.im.group.GroupService.Actor;
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
 * Server API: groups (API.md §4) — create, get, rename, dismiss, members, roles, owner transfer and
 * mutes. The app's back-end acts as {@link Actor#BACKEND}: no group role is needed.
 */
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

    /** {@code {"name"}}. */
    public record UpdateIn(String name) {
    }

    /** {@code {"role":"ADMIN"|"MEMBER"}}. */
    public record RoleIn(String role) {
    }

    /** {@code {"mutedAll":true|false}}. */
    public record MuteAllIn(Boolean mutedAll) {
    }

    /** {@code {"readReceipts":true|false}}. */
    public record ReadReceiptsIn(Boolean readReceipts) {
        Boolean require() {
            if (readReceipts == null) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, "readReceipts must be true or false");
            }
            return readReceipts;
        }

        static Boolean of(ReadReceiptsIn in) {
            return (in == null ? new ReadReceiptsIn(null) : in).require();
        }
    }

    @Inject
    Caller caller;

    @Inject
    GroupService groups;

    @Inject
    GroupReads reads;


    @POST
    public Envelope<GroupService.GroupView> create(GroupIn in) {
        GroupIn g = in == null ? new GroupIn(null, null, null, null) : in;
        return caller.ok(groups.create(caller.appKey(), g.groupId(), g.name(), g.ownerId(), g.memberIds()));
    }

    @GET
    @Path("/{groupId}")
    public Envelope<GroupService.GroupView> get(@PathParam("groupId") String groupId) {
        return caller.ok(groups.get(caller.appKey(), groupId, Actor.BACKEND));
    }

    @PUT
    @Path("/{groupId}")
    public Envelope<GroupService.GroupView> update(@PathParam("groupId") String groupId, UpdateIn in) {
        return caller.ok(groups.rename(caller.appKey(), groupId, in == null ? null : in.name()));
    }

    @POST
    @Path("/{groupId}/dismiss")
    @Consumes(MediaType.WILDCARD)
    public Envelope<Map<String, Object>> dismiss(@PathParam("groupId") String groupId) {
        groups.dismiss(caller.appKey(), groupId, Actor.BACKEND);
        return caller.ok(Map.of());
    }

    @POST
    @Path("/{groupId}/transfer")
    public Envelope<GroupService.GroupView> transfer(@PathParam("groupId") String groupId,
            ImGroupResource.TransferIn in) {
        return caller.ok(groups.transfer(caller.appKey(), groupId, in == null ? null : in.newOwnerId(), Actor.BACKEND));
    }

    @GET
    @Path("/{groupId}/members")
    public Envelope<GroupService.MemberPage> members(@PathParam("groupId") String groupId,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        Paging p = Paging.of(page, size);
        return caller.ok(groups.members(caller.appKey(), groupId, p.page(), p.size(), Actor.BACKEND));
    }

    @POST
    @Path("/{groupId}/members")
    public Envelope<AddedOut> addMembers(@PathParam("groupId") String groupId, MembersIn in) {
        return caller.ok(new AddedOut(groups.addMembers(caller.appKey(), groupId, in == null ? null : in.userIds(),
                Actor.BACKEND)));
    }

    @DELETE
    @Path("/{groupId}/members/{userId}")
    public Envelope<Map<String, Object>> removeMember(@PathParam("groupId") String groupId,
            @PathParam("userId") String userId) {
        groups.removeMember(caller.appKey(), groupId, userId, Actor.BACKEND);
        return caller.ok(Map.of());
    }

    @PUT
    @Path("/{groupId}/members/{userId}/role")
    public Envelope<GroupService.MemberView> setRole(@PathParam("groupId") String groupId,
            @PathParam("userId") String userId, RoleIn in) {
        GroupMember.Role role = in == null || in.role() == null ? null : switch (in.role()) {
            case "ADMIN" -> GroupMember.Role.ADMIN;
            case "MEMBER" -> GroupMember.Role.MEMBER;
            default -> null;
        };
        if (role == null) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "role must be ADMIN or MEMBER; the owner changes by transfer");
        }
        return caller.ok(groups.setRole(caller.appKey(), groupId, userId, role, Actor.BACKEND));
    }

    /** {@code {"mutedUntil"}} or {@code {"seconds"}}; 0 or nothing unmutes. */
    @POST
    @Path("/{groupId}/members/{userId}/mute")
    public Envelope<GroupService.MemberView> muteMember(@PathParam("groupId") String groupId,
            @PathParam("userId") String userId, MuteIn in) {
        Long until = MuteIn.until(in, System.currentTimeMillis());
        return caller.ok(groups.muteMember(caller.appKey(), groupId, userId, until));
    }

    @POST
    @Path("/{groupId}/mute")
    public Envelope<GroupService.GroupView> muteAll(@PathParam("groupId") String groupId, MuteAllIn in) {
        if (in == null || in.mutedAll() == null) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "mutedAll must be true or false");
        }
        return caller.ok(groups.muteAll(caller.appKey(), groupId, in.mutedAll()));
    }

    @PUT
    @Path("/{groupId}/read-receipts")
    public Envelope<GroupService.GroupView> readReceipts(@PathParam("groupId") String groupId, ReadReceiptsIn in) {
        return caller.ok(groups.setReadReceipts(caller.appKey(), groupId, ReadReceiptsIn.of(in), Actor.BACKEND));
    }

    @GET
    @Path("/{groupId}/messages/{seq}/reads")
    public Envelope<GroupReads.ReadsPage> reads(@PathParam("groupId") String groupId, @PathParam("seq") String seq,
            @QueryParam("status") String status, @QueryParam("page") String page, @QueryParam("size") String size) {
        Paging p = Paging.of(page, size);
        return caller.ok(reads.reads(caller.appKey(), groupId, null, Paging.number("seq", seq), status, p.page(),
                p.size()));
    }
}
