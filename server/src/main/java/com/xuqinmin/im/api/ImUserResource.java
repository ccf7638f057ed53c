package com.xuqinmin.im.api;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
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
import java.util.Arrays;
import java.util.List;

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
