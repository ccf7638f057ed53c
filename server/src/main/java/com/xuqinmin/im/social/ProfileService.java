package com.xuqinmin.im.social;

import com.xuqinmin.im.account.Ids;
import com.xuqinmin.im.account.ImUser;
import com.xuqinmin.im.account.UserDirectory;
import com.xuqinmin.im.delivery.UserChanged;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.notice.NoticeService;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Users' profiles as users read and write them (API.md §4.7): a user reads and changes its own; it
 * reads anyone's public fields, and a friend's {@code extra} too ({@link Profile}). The same
 * validation as the server API's profile writes ({@link Ids#text}, {@link Ids#url}).
 */
@ApplicationScoped
public class ProfileService {

    public static final int BIO_MAX = UserDirectory.BIO_MAX;
    public static final int EXTRA_MAX = UserDirectory.EXTRA_MAX;
    /** The notice a user's friends get when its profile changes (PROTOCOL.md, {@code /user/queue/notices}). */
    static final String PROFILE_CHANGED = "PROFILE_CHANGED";
    /** The most users one batch read asks for. */
    public static final int MAX_IDS = 100;

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    Event<UserChanged> changes;

    @Inject
    UserDirectory users;

    @Inject
    NoticeService notices;

    /** The user's own profile: every field. */
    public record Me(String userId, String nickname, String avatarUrl, String bio, String extra, long createdAt) {
        static Me of(ImUser u) {
            return new Me(u.getUserId(), u.getNickname(), u.getAvatarUrl(), u.getBio(), u.getExtra(), u.getCreatedAt());
        }

        boolean sameProfile(Me o) {
            return java.util.Objects.equals(nickname, o.nickname) && java.util.Objects.equals(avatarUrl, o.avatarUrl)
                    && java.util.Objects.equals(bio, o.bio) && java.util.Objects.equals(extra, o.extra);
        }
    }

    /** A change to one's profile: {@code null} leaves a field as it is, an empty or blank one clears it. */
    public record Change(String nickname, String avatarUrl, String bio, String extra) {
    }

    @Transactional
    public Me me(String appKey, String userId) {
        return Me.of(require(appKey, userId));
    }

    @Transactional
    public Me update(String appKey, String userId, Change c) {
        // validate everything before changing anything
        String nickname = c.nickname() == null ? null : Ids.text("nickname", c.nickname(), UserDirectory.NICKNAME_MAX, false);
        String avatarUrl = c.avatarUrl() == null ? null : Ids.url("avatarUrl", c.avatarUrl(), UserDirectory.AVATAR_URL_MAX);
        String bio = c.bio() == null ? null : Ids.text("bio", c.bio(), BIO_MAX, false);
        String extra = c.extra() == null ? null : Ids.text("extra", c.extra(), EXTRA_MAX, false);
        ImUser u = require(appKey, userId);
        Me before = Me.of(u);
        if (c.nickname() != null) {
            u.setNickname(nickname);
        }
        if (c.avatarUrl() != null) {
            u.setAvatarUrl(avatarUrl);
        }
        if (c.bio() != null) {
            u.setBio(bio);
        }
        if (c.extra() != null) {
            u.setExtra(extra);
        }
        changes.fire(new UserChanged(appKey, userId));
        Me after = Me.of(u);
        if (!before.sameProfile(after)) {
            tellFriends(appKey, u);
        }
        return after;
    }

    /**
     * The server API's change of a user ({@link UserDirectory#update}); when it changed the profile,
     * the user's friends are told as for the user's own change, in the same transaction.
     */
    @Transactional
    public UserDirectory.UserView updateByServer(String appKey, String userId, UserDirectory.UserUpdate change) {
        ImUser u = em.find(ImUser.class, new ImUser.Key(appKey, userId));
        Me before = u == null ? null : Me.of(u);
        UserDirectory.UserView view = users.update(appKey, userId, change);
        ImUser now = em.find(ImUser.class, new ImUser.Key(appKey, userId));
        if (before != null && now != null && !before.sameProfile(Me.of(now))) {
            tellFriends(appKey, now);
        }
        return view;
    }

    /**
     * A PROFILE_CHANGED notice to each of the user's friends (less those it blocked), in userId order as
     * {@link NoticeService#notify} asks, with the profile as a friend sees it ({@code extra} too).
     * Durable like the other notices (one row per friend): a friend that was away learns of it by sync.
     */
    private void tellFriends(String appKey, ImUser u) {
        // its friends less those it blocked, as for presence: a blocked user learns nothing new of the blocker
        Set<String> friends = new TreeSet<>(em.createQuery("SELECT f.friendId FROM Friend f WHERE f.appKey = :a "
                        + "AND f.userId = :u AND NOT EXISTS (SELECT b FROM Block b WHERE b.appKey = f.appKey "
                        + "AND b.userId = f.userId AND b.blockedId = f.friendId)", String.class)
                .setParameter("a", appKey).setParameter("u", u.getUserId()).getResultList());
        if (friends.isEmpty()) {
            return;
        }
        Profile p = Profile.of(u, true);
        JsonObjectBuilder profile = Json.createObjectBuilder().add("userId", p.userId());
        optional(profile, "nickname", p.nickname());
        optional(profile, "avatarUrl", p.avatarUrl());
        optional(profile, "bio", p.bio());
        optional(profile, "extra", p.extra());
        JsonObject data = Json.createObjectBuilder().add("userId", u.getUserId()).add("profile", profile).build();
        for (String friend : friends) {
            notices.notify(appKey, friend, PROFILE_CHANGED, data);
        }
    }

    private static void optional(JsonObjectBuilder b, String name, String value) {
        if (value != null) {
            b.add(name, value);
        }
    }

    /** Another user's profile as {@code viewer} may see it; USER_NOT_FOUND for a deleted or unknown user. */
    @Transactional
    public Profile get(String appKey, String viewer, String userId) {
        ImUser u = Ids.valid(userId) ? em.find(ImUser.class, new ImUser.Key(appKey, userId)) : null;
        if (u == null || u.getStatus() == ImUser.Status.DELETED) {
            throw new ImException(ErrorCode.USER_NOT_FOUND, "user " + userId + " not found");
        }
        return Profile.of(u, userId.equals(viewer) || em.find(Friend.class, new Friend.Key(appKey, viewer, userId)) != null);
    }

    /** Several users' profiles, in the order asked; unknown and deleted users are left out. */
    @Transactional
    public List<Profile> many(String appKey, String viewer, List<String> userIds) {
        Set<String> ids = new LinkedHashSet<>();
        for (String id : userIds) {
            Ids.require("ids", id);
            ids.add(id);
        }
        if (ids.isEmpty() || ids.size() > MAX_IDS) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "ids must name 1 to " + MAX_IDS + " users");
        }
        Map<String, ImUser> found = new HashMap<>();
        em.createQuery("SELECT u FROM ImUser u WHERE u.appKey = :a AND u.userId IN :ids", ImUser.class)
                .setParameter("a", appKey).setParameter("ids", ids).getResultStream()
                .filter(u -> u.getStatus() != ImUser.Status.DELETED).forEach(u -> found.put(u.getUserId(), u));
        Set<String> friends = new HashSet<>(em.createQuery("SELECT f.friendId FROM Friend f WHERE f.appKey = :a "
                        + "AND f.userId = :v AND f.friendId IN :ids", String.class)
                .setParameter("a", appKey).setParameter("v", viewer).setParameter("ids", ids).getResultList());
        List<Profile> out = new ArrayList<>(found.size());
        for (String id : ids) {
            ImUser u = found.get(id);
            if (u != null) {
                out.add(Profile.of(u, id.equals(viewer) || friends.contains(id)));
            }
        }
        return out;
    }

    private ImUser require(String appKey, String userId) {
        ImUser u = em.find(ImUser.class, new ImUser.Key(appKey, userId));
        if (u == null || u.getStatus() == ImUser.Status.DELETED) {
            throw new ImException(ErrorCode.USER_NOT_FOUND, "user " + userId + " not found");
        }
        return u;
    }
}
