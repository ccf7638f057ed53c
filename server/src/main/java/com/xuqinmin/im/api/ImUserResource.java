package com.xuqinmin.im.api;

import com.xuqinmin.im.account.DeviceKeys;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.gateway.Presence;
import com.xuqinmin.im.social.FriendService;
import com.xuqinmin.im.social.Profile;
import com.xuqinmin.im.social.ProfileService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** IM client HTTP: profiles (API.md §4.7), the caller's own and other users'; the rules are in {@link ProfileService}. */
@Path("/im/users")
@ImUserApi
@RolesAllowed("im-user")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ImUserResource {

    @Inject
    ProfileService profiles;

    @Inject
    Caller caller;

    @Inject
    DeviceKeys deviceKeys;

    @Inject
    com.xuqinmin.im.social.Relations relations;

    @Inject
    FriendService friends;

    @Inject
    Presence presence;

    /** A user's online state as the caller may see it. */
    public record PresenceOut(String userId, boolean online) {
    }

    @GET
    @Path("me")
    public Envelope<ProfileService.Me> me() {
        return caller.ok(profiles.me(caller.appKey(), caller.userId()));
    }

    /** {@code {"nickname"?, "avatarUrl"?, "bio"?, "extra"?}}: only the fields given change. */
    @PATCH
    @Path("me")
    public Envelope<ProfileService.Me> update(ProfileService.Change in) {
        ProfileService.Change c = in == null ? new ProfileService.Change(null, null, null, null) : in;
        return caller.ok(profiles.update(caller.appKey(), caller.userId(), c));
    }

    /**
     * {@code ?ids=a,b,c}: up to 100 users' online state; only the caller's own and its friends' (less
     * those that blocked it) are answered, the others are left out as if they did not exist.
     */
    @GET
    @Path("presence")
    public Envelope<List<PresenceOut>> presence(@QueryParam("ids") String ids) {
        if (ids == null || ids.isBlank()) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "ids is required: a comma-separated list of userIds");
        }
        Set<String> asked = new LinkedHashSet<>();
        for (String id : ids.split(",", -1)) {
            asked.add(com.xuqinmin.im.account.Ids.require("ids", id));
        }
        if (asked.size() > ProfileService.MAX_IDS) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "ids must name 1 to " + ProfileService.MAX_IDS + " users");
        }
        Set<String> visible = friends.presenceVisible(caller.appKey(), caller.userId(), asked);
        List<PresenceOut> out = new ArrayList<>(visible.size());
        for (String id : asked) {
            if (visible.contains(id)) {
                out.add(new PresenceOut(id, !presence.sessionsOf(caller.appKey(), id).isEmpty()));
            }
        }
        return caller.ok(out);
    }

    /**
     * The user's devices' end-to-end encryption bundles, each with one one-time pre-key that is then
     * gone (API.md, "End-to-end encryption keys"). Refused as a single chat to the user would be
     * ({@code BLOCKED}, {@code NOT_FRIENDS}); an unknown user: {@code USER_NOT_FOUND}.
     */
    @GET
    @Path("{userId}/devices/keys")
    public Envelope<List<DeviceKeys.Bundle>> deviceKeys(@PathParam("userId") String userId) {
        profiles.get(caller.appKey(), caller.userId(), userId); // USER_NOT_FOUND
        if (!userId.equals(caller.userId())) {
            relations.requireSingleChat(caller.appKey(), caller.userId(), userId);
        }
        return caller.ok(deviceKeys.take(caller.appKey(), userId));
    }

    @GET
    @Path("{userId}")
    public Envelope<Profile> get(@PathParam("userId") String userId) {
        return caller.ok(profiles.get(caller.appKey(), caller.userId(), userId));
    }

    /** {@code ?ids=a,b,c}: up to 100 users; the ones that do not exist are left out. */
    @GET
    public Envelope<List<Profile>> many(@QueryParam("ids") String ids) {
        if (ids == null || ids.isBlank()) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "ids is required: a comma-separated list of userIds");
        }
        return caller.ok(profiles.many(caller.appKey(), caller.userId(), Arrays.asList(ids.split(",", -1))));
    }
}
