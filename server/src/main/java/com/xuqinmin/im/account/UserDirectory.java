package com.xuqinmin.im.account;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.Tx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * IM users of every app: import, first-use creation from a valid userSig, and the "is this user
 * active" answer the send path asks for every single-chat message (cached briefly).
 */
@ApplicationScoped
public class UserDirectory {

    private static final long TTL_MILLIS = 5_000;

    /** What the send path needs to know about a user. */
    public record UserState(boolean active, Long mutedUntil) {
        public boolean mutedAt(long now) {
            return mutedUntil != null && mutedUntil > now;
        }
    }

    private record Cached(UserState state, long loadedAt) {
    }

    private static final UserState MISSING = new UserState(false, null);

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    Tx tx;

    private final ConcurrentHashMap<ImUser.Key, Cached> states = new ConcurrentHashMap<>();

    /** One user to import: its id and optional profile. */
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
        // two first connections of one user race on the primary key: the loser retries and finds it
        ImUser u = tx.callRetryingOnce(() -> signInOnce(app, userId));
        // the state cache may hold "no such user" from a moment ago; the user exists now
        states.remove(new ImUser.Key(app.appKey(), userId));
        return u;
    }

    private ImUser signInOnce(AppInfo app, String userId) {
        ImUser u = em.find(ImUser.class, new ImUser.Key(app.appKey(), userId));
        if (u == null) {
            if (!app.autoCreateUsers()) {
                throw new ImException(ErrorCode.USER_NOT_FOUND, "user " + userId + " is not imported");
            }
            u = new ImUser(app.appKey(), userId, System.currentTimeMillis());
            em.persist(u);
            em.flush();
        } else if (!u.isActive()) {
            throw new ImException(ErrorCode.USER_DISABLED);
        }
        return u;
    }

    /** Imports users; one imported at the same moment by another request is answered as existing. */
    public ImportResult importUsers(String appKey, List<NewUser> users) {
        return tx.callRetryingOnce(() -> importOnce(appKey, users));
    }

    private ImportResult importOnce(String appKey, List<NewUser> users) {
        List<String> imported = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        long now = System.currentTimeMillis();
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
            u.setStatus(ImUser.Status.ACTIVE);
            u.setNickname(n.nickname());
            u.setAvatarUrl(n.avatarUrl());
            u.setAdmin(n.admin());
            imported.add(n.userId());
            states.remove(new ImUser.Key(appKey, n.userId()));
        }
        em.flush();
        return new ImportResult(imported, existing);
    }

    /** The user if it exists and is active; otherwise USER_NOT_FOUND. */
    public ImUser requireActive(String appKey, String userId) {
        ImUser u = tx.call(() -> em.find(ImUser.class, new ImUser.Key(appKey, userId)));
        if (u == null || !u.isActive()) {
            throw new ImException(ErrorCode.USER_NOT_FOUND, "user " + userId + " not found");
        }
        return u;
    }

    /** Whether the user exists and is active, and until when it is muted; cached for a few seconds. */
    public UserState state(String appKey, String userId) {
        ImUser.Key key = new ImUser.Key(appKey, userId);
        long now = System.currentTimeMillis();
        Cached c = states.get(key);
        if (c != null && now - c.loadedAt < TTL_MILLIS) {
            return c.state;
        }
        ImUser u = tx.call(() -> em.find(ImUser.class, key));
        UserState s = u == null ? MISSING : new UserState(u.isActive(), u.getMutedUntil());
        states.put(key, new Cached(s, now));
        return s;
    }

    /** Whether a row exists for the user, whatever its status. */
    public boolean exists(String appKey, String userId) {
        return tx.call(() -> em.find(ImUser.class, new ImUser.Key(appKey, userId))) != null;
    }

    /** Forgets the cached state of a user that just changed. */
    public void invalidate(String appKey, String userId) {
        states.remove(new ImUser.Key(appKey, userId));
    }

    /** Forgets a user that changed on any node. */
    void onChange(@jakarta.enterprise.event.Observes com.xuqinmin.im.delivery.Delivery d) {
        if (d instanceof com.xuqinmin.im.delivery.Delivery.UserChanged u) {
            states.remove(new ImUser.Key(u.appKey(), u.userId()));
        }
    }
}
