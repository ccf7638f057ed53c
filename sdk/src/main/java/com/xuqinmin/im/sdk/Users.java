package com.xuqinmin.im.sdk;

import static com.xuqinmin.im.sdk.Paths.seg;

import com.xuqinmin.im.sdk.Transport.Retry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The app's IM users ({@code /api/im/admin/users}). Every method throws {@link ImException} when the
 * server refuses (e.g. {@code USER_NOT_FOUND}) and {@link ImNetworkException} when it cannot be
 * reached. Thread-safe.
 */
public final class Users {

    private static final String BASE = "/api/im/admin/users";

    private final Transport t;

    Users(Transport t) {
        this.t = t;
    }

    /**
     * Imports up to 500 users in one transaction. Users that already exist are reported as
     * {@code existing} and left unchanged, so repeating an import is harmless (and it is retried).
     */
    public ImportResult importUsers(Collection<NewUser> users) {
        List<Object> list = new ArrayList<>(users.size());
        for (NewUser u : users) {
            list.add(u.json());
        }
        return ImportResult.of(t.signed("POST", BASE, Collections.singletonMap("users", list), Retry.SAFE));
    }

    public ImportResult importUsers(NewUser... users) {
        return importUsers(Arrays.asList(users));
    }

    /** Imports one user; true when it was created now, false when it already existed. */
    public boolean importUser(NewUser user) {
        return !importUsers(Collections.singletonList(user)).imported().isEmpty();
    }

    /**
     * One page of the app's users (page from 0, size 1 to 100), by userId, those whose id starts with
     * {@code prefix} when it is not null; deleted users are left out.
     */
    public Page<User> list(String prefix, int page, int size) {
        String q = "?page=" + page + "&size=" + size + (prefix == null || prefix.isEmpty() ? "" : "&prefix=" + seg(prefix));
        Json.Obj o = t.signed("GET", BASE + q, null, Retry.SAFE);
        List<User> items = new ArrayList<>();
        for (Json.Obj u : o.objs("items")) {
            items.add(User.of(u));
        }
        return new Page<>(items, o);
    }

    /**
     * The app's online users, by userId, at most {@code limit} (1 to 1000) of them; in a cluster, every
     * node's ({@link OnlineUsers#scope()}).
     */
    public OnlineUsers onlineUsers(int limit) {
        return OnlineUsers.of(t.signed("GET", "/api/im/admin/app/online?limit=" + limit, null, Retry.SAFE));
    }

    /** The user; {@code USER_NOT_FOUND} also for a deleted one. */
    public User get(String userId) {
        return User.of(t.signed("GET", BASE + "/" + seg(userId), null, Retry.SAFE));
    }

    /** Changes the fields the update sets; answers the user. */
    public User update(String userId, UserUpdate update) {
        return User.of(t.signed("PUT", BASE + "/" + seg(userId), update.json(), Retry.SAFE));
    }

    /**
     * Deletes the user (soft): its sockets close at once and its tokens stop working; its messages
     * and memberships stay. Import it again to bring it back.
     */
    public void delete(String userId) {
        t.signed("DELETE", BASE + "/" + seg(userId), null, Retry.ONLY_IF_NOT_SENT);
    }

    /**
     * Deletes the user and erases its data ({@code DELETE …?purge=true}): its profile, the content of
     * every message it sent (the messages stay as {@link MessageStatus#DELETED}, so others' histories
     * keep their order), its group memberships but for the groups it owns, and its read positions.
     * Works for a user deleted before too, and repeating it is harmless (so it is retried). Importing
     * the id again makes a new user; the erased content does not come back.
     */
    public PurgeResult purge(String userId) {
        return PurgeResult.of(t.signed("DELETE", BASE + "/" + seg(userId) + "?purge=true", null, Retry.SAFE));
    }

    /** Closes every socket of the user; unlike a ban, it may connect again. */
    public void kick(String userId) {
        t.signed("POST", BASE + "/" + seg(userId) + "/kick", null, Retry.SAFE);
    }

    /** The user's connected sessions. */
    public OnlineStatus online(String userId) {
        return OnlineStatus.of(t.signed("GET", BASE + "/" + seg(userId) + "/online", null, Retry.SAFE));
    }

    /** Mutes the user everywhere for {@code duration} (whole seconds) from now; answers the user. */
    public User mute(String userId, Duration duration) {
        return User.of(t.signed("POST", BASE + "/" + seg(userId) + "/mute",
                Collections.singletonMap("seconds", duration.getSeconds()), Retry.SAFE));
    }

    /** Mutes the user everywhere until {@code until}; answers the user. */
    public User muteUntil(String userId, Instant until) {
        return User.of(t.signed("POST", BASE + "/" + seg(userId) + "/mute",
                Collections.singletonMap("mutedUntil", until.toEpochMilli()), Retry.SAFE));
    }

    public User unmute(String userId) {
        return User.of(t.signed("POST", BASE + "/" + seg(userId) + "/mute", Collections.singletonMap("seconds", 0L),
                Retry.SAFE));
    }

    /**
     * A userSig made by the server ({@code POST .../usersig}), valid for {@code lifetime}. The client's
     * {@link ImServerClient#userSig(String)} makes the same without a call.
     */
    public IssuedUserSig issueUserSig(String userId, Duration lifetime) {
        Map<String, Object> body = Collections.singletonMap("ttlSeconds", lifetime.getSeconds());
        return IssuedUserSig.of(t.signed("POST", BASE + "/" + seg(userId) + "/usersig", body, Retry.SAFE));
    }
}
