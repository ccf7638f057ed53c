package com.xuqinmin.im.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.xuqinmin.im.delivery.UserChanged;
import com.xuqinmin.im.delivery.UserKicked;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.Tx;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.time.Clock;
import java.time.Duration;

/**
 * IM users of every app: import, first-use creation from a valid userSig, the server API's
 * profile, ban, delete (and a hard delete's tombstone), kick and mute, and the "is this user active"
 * answer the send path asks for every single-chat message. That answer is cached, bounded in size
 * ({@code IM_CACHE_USERS_MAX}) and time; every change fires {@link UserChanged}, so each node forgets
 * the user once the change commits.
 */
@ApplicationScoped
public class UserDirectory implements UserStates {

    /**
     * How long a user's state is trusted without hearing that it changed: every change is announced,
     * so this only bounds how stale a node gets while Redis is away. At 5 s, 2,000 users sending on
     * PostgreSQL made hundreds of threads queue for connections to re-read it (bench/).
     */
    private static final Duration TTL = Duration.ofSeconds(60);

    private static final UserState MISSING = new UserState(false, null);

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    Tx tx;

    @Inject
    ImConfig config;

    @Inject
    Event<UserChanged> changes;

    @Inject
    Event<UserKicked> kicks;

    @Inject
    Clock clock;

    private Cache<ImUser.Key, UserState> states;

    @PostConstruct
    void start() {
        states = Caffeine.newBuilder().maximumSize(config.cacheUsersMax()).expireAfterWrite(TTL).build();
    }

    /** One user to import: its id and optional profile. */
    /** The longest nickname and avatar URL a profile keeps (the columns' sizes). */
    public static final int NICKNAME_MAX = 128;
    public static final int AVATAR_URL_MAX = 1024;
    public static final int BIO_MAX = 512;
    public static final int EXTRA_MAX = 4096;

    public record NewUser(String userId, String nickname, String avatarUrl, boolean admin) {
    }

    /** The result of an import: who was created and who already existed. */
    public record ImportResult(List<String> imported, List<String> existing) {
    }

    /**
     * The user behind a verified token: created on first use when the app allows it, refused when
     * deleted or banned.
     */
    public ImUser signIn(AppInfo app, String userId) {
        if (SystemAccount.is(userId)) {
            throw new ImException(ErrorCode.USER_DISABLED, "the system account cannot sign in");
        }
        // two first connections of one user race on the primary key: the loser retries and finds it
        ImUser u = tx.callRetryingOnce(() -> signInOnce(app, userId));
        // the state cache may hold "no such user" from a moment ago; the user exists now
        states.invalidate(new ImUser.Key(app.appKey(), userId));
        return u;
    }

    private ImUser signInOnce(AppInfo app, String userId) {
        ImUser u = em.find(ImUser.class, new ImUser.Key(app.appKey(), userId));
        if (u == null) {
            if (!app.autoCreateUsers()) {
                throw new ImException(ErrorCode.USER_NOT_FOUND, "user " + userId + " is not imported");
            }
            u = new ImUser(app.appKey(), userId, clock.millis());
            em.persist(u);
            em.flush();
        } else if (!u.isActive()) {
            throw new ImException(ErrorCode.USER_DISABLED);
        }
        return u;
    }

    /** Imports users; one imported at the same moment by another request is answered as existing. */
    public ImportResult importUsers(String appKey, List<NewUser> users) {
        List<NewUser> valid = new ArrayList<>(users.size());
        for (int i = 0; i < users.size(); i++) {
            NewUser n = users.get(i);
            String at = "users[" + i + "].";
            Ids.require(at + "userId", n.userId());
            if (SystemAccount.is(n.userId())) {
                throw new ImException(ErrorCode.VALIDATION_FAILED,
                        at + "userId " + SystemAccount.ID + " is reserved for the system account");
            }
            valid.add(new NewUser(n.userId(), Ids.text(at + "nickname", n.nickname(), NICKNAME_MAX, false),
                    Ids.url(at + "avatarUrl", n.avatarUrl(), AVATAR_URL_MAX), n.admin()));
        }
        return tx.callRetryingOnce(() -> importOnce(appKey, valid));
    }

    private ImportResult importOnce(String appKey, List<NewUser> users) {
        List<String> imported = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        long now = clock.millis();
        for (NewUser n : users) {
            ImUser u = em.find(ImUser.class, new ImUser.Key(appKey, n.userId()));
            if (u != null && u.getStatus() != ImUser.Status.DELETED) {
                existing.add(n.userId());
                continue;
            }
            if (u == null) {
                u = new ImUser(appKey, n.userId(), now);
                em.persist(u);
            }
            u.revive();
            u.setNickname(n.nickname());
            u.setAvatarUrl(n.avatarUrl());
            u.setAdmin(n.admin());
            imported.add(n.userId());
            states.invalidate(new ImUser.Key(appKey, n.userId()));
            changed(appKey, n.userId(), null); // a deleted user brought back: other nodes forget it too
        }
        em.flush();
        return new ImportResult(imported, existing);
    }

    // ------------------------------------------------------------------ the server API's user management

    /** A user as the server API shows it. */
    public record UserView(String userId, String nickname, String avatarUrl, String bio, String extra, boolean admin,
            String status, Long mutedUntil, long createdAt) {
        static UserView of(ImUser u, long now) {
            Long muted = u.isMutedAt(now) ? u.getMutedUntil() : null;
            return new UserView(u.getUserId(), u.getNickname(), u.getAvatarUrl(), u.getBio(), u.getExtra(), u.isAdmin(),
                    u.getStatus().name(), muted, u.getCreatedAt());
        }
    }

    /**
     * A change to a user: {@code null} fields stay as they are; an empty {@code nickname},
     * {@code avatarUrl}, {@code bio} or {@code extra} clears it; {@code status} is ACTIVE or BANNED
     * (deleting has its own call).
     */
    public record UserUpdate(String nickname, String avatarUrl, String bio, String extra, Boolean admin, String status) {
    }

    /** A page of the app's users: {@code page} counts from 0, {@code total} is the whole listing's length. */
    public record UserPage(List<UserView> items, long total, int page, int size) {
    }

    /**
     * The app's users that are not deleted, by userId, those starting with {@code prefix} when it is
     * given: a range of the primary key (app_key, user_id).
     */
    @Transactional
    public UserPage list(String appKey, String prefix, int page, int size) {
        String like = prefix == null || prefix.isEmpty() ? "%"
                : Ids.text("prefix", prefix, 64, true).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        String where = " FROM ImUser u WHERE u.appKey = :a AND u.userId LIKE :p ESCAPE '\\' AND u.status <> :deleted";
        long total = em.createQuery("SELECT COUNT(u)" + where, Long.class).setParameter("a", appKey)
                .setParameter("p", like).setParameter("deleted", ImUser.Status.DELETED).getSingleResult();
        long now = clock.millis();
        List<UserView> items = em.createQuery("SELECT u" + where + " ORDER BY u.userId", ImUser.class)
                .setParameter("a", appKey).setParameter("p", like).setParameter("deleted", ImUser.Status.DELETED)
                .setFirstResult(page * size).setMaxResults(size).getResultStream().map(u -> UserView.of(u, now)).toList();
        return new UserPage(items, total, page, size);
    }

    /** A user that is not deleted; otherwise USER_NOT_FOUND. */
    @Transactional
    public UserView get(String appKey, String userId) {
        return UserView.of(requireExisting(appKey, userId), clock.millis());
    }

    /** Changes a user's profile, admin flag or status; banning closes the user's sockets at once. */
    @Transactional
    public UserView update(String appKey, String userId, UserUpdate change) {
        ImUser u = requireExisting(appKey, userId);
        // blank clears, like the empty string
        String nickname = change.nickname() == null ? null : Ids.text("nickname", change.nickname(), NICKNAME_MAX, false);
        String avatarUrl = change.avatarUrl() == null ? null : Ids.url("avatarUrl", change.avatarUrl(), AVATAR_URL_MAX);
        String bio = change.bio() == null ? null : Ids.text("bio", change.bio(), BIO_MAX, false);
        String extra = change.extra() == null ? null : Ids.text("extra", change.extra(), EXTRA_MAX, false);
        ImUser.Status status = null;
        if (change.status() != null) {
            if (!change.status().equals("ACTIVE") && !change.status().equals("BANNED")) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, "status must be ACTIVE or BANNED");
            }
            status = ImUser.Status.valueOf(change.status());
        }
        if (change.nickname() != null) {
            u.setNickname(nickname);
        }
        if (change.avatarUrl() != null) {
            u.setAvatarUrl(avatarUrl);
        }
        if (change.bio() != null) {
            u.setBio(bio);
        }
        if (change.extra() != null) {
            u.setExtra(extra);
        }
        if (change.admin() != null) {
            u.setAdmin(change.admin());
        }
        boolean banned = status == ImUser.Status.BANNED && u.getStatus() != ImUser.Status.BANNED;
        if (status != null) {
            u.setStatus(status);
        }
        changed(appKey, userId, banned ? "the user was banned" : null);
        return UserView.of(u, clock.millis());
    }

    /** Marks a user DELETED: its tokens stop working and its sockets close at once. */
    @Transactional
    public void delete(String appKey, String userId) {
        ImUser u = requireExisting(appKey, userId);
        u.setStatus(ImUser.Status.DELETED);
        changed(appKey, userId, "the user was deleted");
    }

    /**
     * The first step of a hard delete ({@code erasure.UserPurge}): the user becomes a tombstone,
     * DELETED with its profile, admin flag and mute wiped, and its sockets close at once. A user
     * deleted before, softly or not, is purged all the same; one that never existed is USER_NOT_FOUND.
     */
    @Transactional
    public void purge(String appKey, String userId) {
        ImUser u = em.find(ImUser.class, new ImUser.Key(appKey, userId));
        if (u == null) {
            throw new ImException(ErrorCode.USER_NOT_FOUND, "user " + userId + " not found");
        }
        u.purge(clock.millis());
        changed(appKey, userId, "the user was deleted");
    }

    /**
     * Users hard-deleted at or after {@code since} (Unix ms), the earliest first; an import that
     * brings one back clears its {@code purgedAt}.
     */
    @Transactional
    public List<ImUser.Key> purgedSince(long since, int limit) {
        return em.createQuery("SELECT u FROM ImUser u WHERE u.purgedAt >= :t ORDER BY u.purgedAt", ImUser.class)
                .setParameter("t", since).setMaxResults(limit).getResultStream()
                .map(u -> new ImUser.Key(u.getAppKey(), u.getUserId())).toList();
    }

    /** Mutes a user in every conversation until {@code until} (Unix ms); {@code null} unmutes. */
    @Transactional
    public UserView mute(String appKey, String userId, Long until) {
        ImUser u = requireExisting(appKey, userId);
        u.setMutedUntil(until);
        changed(appKey, userId, null);
        return UserView.of(u, clock.millis());
    }

    /** Closes every socket of the user now; its tokens keep working (delete or ban the user to stop them). */
    public void kick(String appKey, String userId) {
        tx.call(() -> requireExisting(appKey, userId));
        kicks.fire(new UserKicked(appKey, userId, "kicked by the app"));
    }

    private ImUser requireExisting(String appKey, String userId) {
        ImUser u = em.find(ImUser.class, new ImUser.Key(appKey, userId));
        if (u == null || u.getStatus() == ImUser.Status.DELETED) {
            throw new ImException(ErrorCode.USER_NOT_FOUND, "user " + userId + " not found");
        }
        return u;
    }

    /**
     * Announces a change: once it commits every node forgets the user's cached state, then its
     * sockets close when asked (the observers run after the commit, in this order).
     */
    private void changed(String appKey, String userId, String kickReason) {
        changes.fire(new UserChanged(appKey, userId));
        if (kickReason != null) {
            kicks.fire(new UserKicked(appKey, userId, kickReason));
        }
    }

    /** The user if it exists and is active; otherwise USER_NOT_FOUND. */
    public ImUser requireActive(String appKey, String userId) {
        ImUser u = tx.call(() -> em.find(ImUser.class, new ImUser.Key(appKey, userId)));
        if (u == null || !u.isActive()) {
            throw new ImException(ErrorCode.USER_NOT_FOUND, "user " + userId + " not found");
        }
        return u;
    }

    /** Whether the user exists and is active, and until when it is muted; cached (see {@link #TTL}). */
    @Override
    public UserState state(String appKey, String userId) {
        ImUser.Key key = new ImUser.Key(appKey, userId);
        UserState cached = states.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        // read outside the cache's lock: a database wait must not block other users' lookups
        ImUser u = tx.call(() -> em.find(ImUser.class, key));
        UserState s = u == null ? MISSING : new UserState(u.isActive(), u.getMutedUntil());
        states.put(key, s);
        return s;
    }

    /** Whether a row exists for the user, whatever its status. */
    public boolean exists(String appKey, String userId) {
        return tx.call(() -> em.find(ImUser.class, new ImUser.Key(appKey, userId))) != null;
    }

    /** Forgets the cached state of a user that just changed. */
    public void invalidate(String appKey, String userId) {
        states.invalidate(new ImUser.Key(appKey, userId));
    }

    /** Forgets a user that changed on any node, once the change has committed. */
    void forget(@Observes(during = TransactionPhase.AFTER_SUCCESS) UserChanged u) {
        states.invalidate(new ImUser.Key(u.appKey(), u.userId()));
    }

    /** How many users' states this node holds (bounded by {@code IM_CACHE_USERS_MAX}). */
    public long cachedUsers() {
        states.cleanUp();
        return states.estimatedSize();
    }
}
