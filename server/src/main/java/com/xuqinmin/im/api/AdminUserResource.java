package com.xuqinmin.im.api;

import com.xuqinmin.im.account.AppDirectory;
import com.xuqinmin.im.account.AppInfo;
import com.xuqinmin.im.account.Ids;
import com.xuqinmin.im.account.SystemAccount;
import com.xuqinmin.im.account.UserDirectory;
import com.xuqinmin.im.auth.UserSig;
import com.xuqinmin.im.erasure.UserPurge;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.gateway.Presence;
import com.xuqinmin.im.social.BlockService;
import com.xuqinmin.im.social.FriendService;
import com.xuqinmin.im.social.Page;
import com.xuqinmin.im.social.ProfileService;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Server API: the app's users (API.md §4) — import, profile, ban and delete (which close the user's
 * sockets at once; a delete with {@code purge=true} erases the user's data too), kick, online
 * status, mute, and minting userSigs.
 */
@Path("/im/admin/users")
@Signed
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdminUserResource {

    /** One user of an import request. */
    public record UserIn(String userId, String nickname, String avatarUrl, Boolean admin) {
    }

    /** {@code {"users":[...]}}. */
    public record ImportIn(List<UserIn> users) {
    }

    /** {@code {"ttlSeconds":600}}, optional. */
    public record UserSigIn(Long ttlSeconds) {
    }

    /** The minted userSig and when it expires (Unix ms). */
    public record UserSigOut(String userSig, long expiresAt) {
    }

    /** Where a user is connected now. */
    public record OnlineOut(String userId, boolean online, List<Presence.Session> sessions) {
    }

    private static final int MAX_IMPORT = 500;

    @Inject
    Caller caller;

    @Inject
    UserDirectory users;

    @Inject
    AppDirectory apps;

    @Inject
    Presence presence;

    @Inject
    UserPurge purges;

    @Inject
    FriendService friends;

    @Inject
    BlockService blocks;

    @Inject
    ProfileService profiles;

    /** {@code {"friends":[{"userId","remark"?},…]}}: up to 500 friendships made at once. */
    public record FriendsIn(List<FriendService.NewFriend> friends) {
    }

    /** {@code {"userIds":[…]}}: users to block. */
    public record BlocksIn(List<String> userIds) {
    }

    /** What a blocks call did: the users blocked now, and those blocked before. */
    public record BlockedOut(List<String> blocked) {
    }


    @POST
    public Envelope<UserDirectory.ImportResult> importUsers(ImportIn in) {
        if (in == null || in.users() == null || in.users().isEmpty()) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "users must be a non-empty list");
        }
        if (in.users().size() > MAX_IMPORT) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "at most " + MAX_IMPORT + " users per import");
        }
        List<UserDirectory.NewUser> list = new ArrayList<>(in.users().size());
        for (int i = 0; i < in.users().size(); i++) {
            UserIn u = in.users().get(i);
            if (u == null) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, "users[" + i + "] must be an object");
            }
            list.add(new UserDirectory.NewUser(u.userId(), u.nickname(), u.avatarUrl(), Boolean.TRUE.equals(u.admin())));
        }
        return caller.ok(users.importUsers(caller.appKey(), list));
    }

    /** The app's users by userId, those starting with {@code prefix} when given (not the deleted ones). */
    @GET
    public Envelope<UserDirectory.UserPage> list(@QueryParam("prefix") String prefix, @QueryParam("page") String page,
            @QueryParam("size") String size) {
        Paging p = Paging.of(page, size);
        return caller.ok(users.list(caller.appKey(), prefix, p.page(), p.size()));
    }

    @POST
    @Path("/{userId}/usersig")
    // the body is optional, and a back-end that sends none often sends no Content-Type either
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Envelope<UserSigOut> userSig(@PathParam("userId") String userId, UserSigIn in) {
        Ids.require("userId", userId);
        if (SystemAccount.is(userId)) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "userId " + SystemAccount.ID + " is reserved for the system account");
        }
        AppInfo app = apps.find(caller.appKey()).orElseThrow(() -> new ImException(ErrorCode.UNAUTHORIZED));
        long ttl = in == null || in.ttlSeconds() == null ? 86_400 : in.ttlSeconds();
        if (ttl < 1 || ttl > app.maxUserSigLifetimeSeconds()) {
            throw new ImException(ErrorCode.VALIDATION_FAILED,
                    "ttlSeconds must be between 1 and " + app.maxUserSigLifetimeSeconds());
        }
        UserDirectory.UserState s = users.state(app.appKey(), userId);
        if (!s.active() && (users.exists(app.appKey(), userId) || !app.autoCreateUsers())) {
            throw new ImException(ErrorCode.USER_NOT_FOUND, "user " + userId + " not found");
        }
        long now = System.currentTimeMillis() / 1000;
        String sig = UserSig.mint(app.appKey(), app.secrets().get(0), userId, now, ttl);
        return caller.ok(new UserSigOut(sig, (now + ttl) * 1000));
    }

    @GET
    @Path("/{userId}")
    public Envelope<UserDirectory.UserView> get(@PathParam("userId") String userId) {
        return caller.ok(users.get(caller.appKey(), Ids.require("userId", userId)));
    }

    /**
     * {@code {"nickname"?, "avatarUrl"?, "bio"?, "extra"?, "admin"?, "status"?: "ACTIVE"|"BANNED"}}: only
     * the fields given change; a profile change is told to the user's friends.
     */
    @PUT
    @Path("/{userId}")
    public Envelope<UserDirectory.UserView> update(@PathParam("userId") String userId, UserDirectory.UserUpdate in) {
        UserDirectory.UserUpdate change = in == null ? new UserDirectory.UserUpdate(null, null, null, null, null, null) : in;
        return caller.ok(profiles.updateByServer(caller.appKey(), Ids.require("userId", userId), change));
    }

    /**
     * Deletes a user: by default marks it deleted (soft, {@code {}}); with {@code purge=true} erases
     * its data as well ({@link UserPurge}) and answers what was erased.
     */
    @DELETE
    @Path("/{userId}")
    public Envelope<Object> delete(@PathParam("userId") String userId, @QueryParam("purge") String purge) {
        Ids.require("userId", userId);
        if ("true".equals(purge)) {
            return caller.ok(purges.purge(caller.appKey(), userId));
        }
        if (purge != null && !purge.equals("false")) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "purge must be true or false");
        }
        users.delete(caller.appKey(), userId);
        return caller.ok(Map.of());
    }

    @POST
    @Path("/{userId}/kick")
    @Consumes(MediaType.WILDCARD)
    public Envelope<Map<String, Object>> kick(@PathParam("userId") String userId) {
        users.kick(caller.appKey(), Ids.require("userId", userId));
        return caller.ok(Map.of());
    }

    @GET
    @Path("/{userId}/online")
    public Envelope<OnlineOut> online(@PathParam("userId") String userId) {
        users.get(caller.appKey(), Ids.require("userId", userId));
        List<Presence.Session> sessions = presence.sessionsOf(caller.appKey(), userId);
        return caller.ok(new OnlineOut(userId, !sessions.isEmpty(), sessions));
    }

    /** {@code {"mutedUntil"}} or {@code {"seconds"}}; 0 or nothing unmutes. */
    @POST
    @Path("/{userId}/mute")
    public Envelope<UserDirectory.UserView> mute(@PathParam("userId") String userId, MuteIn in) {
        Long until = MuteIn.until(in, System.currentTimeMillis());
        return caller.ok(users.mute(caller.appKey(), Ids.require("userId", userId), until));
    }

    // ------------------------------------------------------------------ friends and blocks (API.md §3)

    @POST
    @Path("/{userId}/friends")
    public Envelope<FriendService.Imported> importFriends(@PathParam("userId") String userId, FriendsIn in) {
        Ids.require("userId", userId);
        if (in == null || in.friends() == null || in.friends().isEmpty()) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "friends must be a non-empty list");
        }
        if (in.friends().size() > MAX_IMPORT) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "at most " + MAX_IMPORT + " friends per import");
        }
        return caller.ok(friends.importFriends(caller.appKey(), userId, in.friends()));
    }

    @GET
    @Path("/{userId}/friends")
    public Envelope<Page<FriendService.FriendView>> friends(@PathParam("userId") String userId,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        Paging p = Paging.of(page, size);
        users.get(caller.appKey(), Ids.require("userId", userId));
        return caller.ok(friends.friends(caller.appKey(), userId, p.page(), p.size()));
    }

    @DELETE
    @Path("/{userId}/friends/{friendId}")
    public Envelope<Map<String, Object>> deleteFriend(@PathParam("userId") String userId,
            @PathParam("friendId") String friendId) {
        friends.delete(caller.appKey(), Ids.require("userId", userId), friendId);
        return caller.ok(Map.of());
    }

    @POST
    @Path("/{userId}/blocks")
    public Envelope<BlockedOut> block(@PathParam("userId") String userId, BlocksIn in) {
        Ids.require("userId", userId);
        if (in == null || in.userIds() == null || in.userIds().isEmpty()) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "userIds must be a non-empty list");
        }
        if (in.userIds().size() > BlockService.MAX_BLOCKS) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "at most " + BlockService.MAX_BLOCKS + " userIds");
        }
        users.get(caller.appKey(), userId);
        List<String> done = new ArrayList<>();
        for (String blocked : new java.util.LinkedHashSet<>(in.userIds())) {
            blocks.block(caller.appKey(), userId, blocked);
            done.add(blocked);
        }
        return caller.ok(new BlockedOut(done));
    }

    @GET
    @Path("/{userId}/blocks")
    public Envelope<Page<BlockService.BlockView>> blocks(@PathParam("userId") String userId,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        Paging p = Paging.of(page, size);
        users.get(caller.appKey(), Ids.require("userId", userId));
        return caller.ok(blocks.list(caller.appKey(), userId, p.page(), p.size()));
    }

    @DELETE
    @Path("/{userId}/blocks/{blockedId}")
    public Envelope<Map<String, Object>> unblock(@PathParam("userId") String userId,
            @PathParam("blockedId") String blockedId) {
        blocks.unblock(caller.appKey(), Ids.require("userId", userId), blockedId);
        return caller.ok(Map.of());
    }
}
