package com.xuqinmin.im.social;

import com.xuqinmin.im.account.AppInfo;
import com.xuqinmin.im.account.Apps;
import com.xuqinmin.im.account.Ids;
import com.xuqinmin.im.account.ImUser;
import com.xuqinmin.im.account.SystemAccount;
import com.xuqinmin.im.delivery.RelationChanged;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.notice.NoticeService;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import com.xuqinmin.im.platform.Tx;
import com.xuqinmin.im.platform.Ulids;
import com.xuqinmin.im.webhook.HookEvent;
import com.xuqinmin.im.webhook.Moderation;
import com.xuqinmin.im.webhook.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Friends (API.md §4.5): requests and their answers, the friend list with each side's remark, and
 * the server API's import and delete. A friendship is two rows written and deleted together. The
 * app's {@code addFriend} policy decides whether a request needs the receiver's approval (APPROVAL),
 * becomes a friendship at once (ANYONE), or is refused (NOBODY: only the server API makes friends);
 * a request to someone who already asked the caller is that request's acceptance, whatever the policy
 * but NOBODY. A user who blocked the caller refuses its requests with BLOCKED.
 */
@ApplicationScoped
public class FriendService {

    /** The longest friend request message and remark. */
    public static final int MESSAGE_MAX = 256;
    public static final int REMARK_MAX = 128;

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    Tx tx;

    @Inject
    Apps apps;

    @Inject
    Event<RelationChanged> changes;

    @Inject
    NoticeService notices;

    @Inject
    Clock clock;

    @Inject
    Moderation moderation;

    @Inject
    Outbox outbox;

    /** The notices of friends (PROTOCOL.md, {@code /user/queue/notices}). */
    static final String FRIEND_REQUEST = "FRIEND_REQUEST";
    static final String FRIEND_ADDED = "FRIEND_ADDED";
    static final String FRIEND_DELETED = "FRIEND_DELETED";

    /** A friend request as both sides see it. */
    public record RequestView(String id, String fromId, String toId, String message, String status, long createdAt,
            Long decidedAt) {
        static RequestView of(FriendRequest r) {
            return new RequestView(r.getId(), r.getFromId(), r.getToId(), r.getMessage(), r.getStatus().name(),
                    r.getCreatedAt(), r.getDecidedAt());
        }
    }

    /** One of the user's friends: the user's remark for it, since when, and its profile (private fields too). */
    public record FriendView(String userId, String remark, long createdAt, Profile profile) {
    }

    /** One friend of a server API import. */
    public record NewFriend(String userId, String remark) {
    }

    /** What an import did: friendships made, and those that already existed (left as they were). */
    public record Imported(List<String> added, List<String> existing) {
    }

    // ------------------------------------------------------------------ requests

    /** {@code fromId} asks {@code toId} to be friends; answers the request, ACCEPTED when it made a friendship. */
    public RequestView request(String appKey, String fromId, String toId, String message) {
        Ids.require("toId", toId);
        String text = Ids.text("message", message, MESSAGE_MAX, false);
        if (toId.equals(fromId)) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "you cannot send a friend request to yourself");
        }
        AppInfo.AddFriend policy = apps.find(appKey).map(AppInfo::addFriend).orElse(AppInfo.AddFriend.APPROVAL);
        if (policy == AppInfo.AddFriend.NOBODY) {
            throw new ImException(ErrorCode.FORBIDDEN, "this app does not let users add friends");
        }
        if (moderation.wants(appKey, HookEvent.BEFORE_ADD_FRIEND)) {
            // the app's back-end decides first, outside the transaction (a slow one holds up only this request)
            StringBuilder sb = new StringBuilder(128).append('{');
            com.xuqinmin.im.platform.Json.field(sb, "fromId", fromId);
            com.xuqinmin.im.platform.Json.field(sb, "toId", toId);
            com.xuqinmin.im.platform.Json.field(sb, "message", text);
            moderation.check(appKey, HookEvent.BEFORE_ADD_FRIEND, sb.substring(1));
        }
        // two users asking each other at the same moment race on the friendship's key: the loser
        // retries and finds the friendship
        return tx.callRetryingOnce(() -> requestOnce(appKey, fromId, toId, text, policy));
    }

    private RequestView requestOnce(String appKey, String fromId, String toId, String message,
            AppInfo.AddFriend policy) {
        requireActiveUser(appKey, toId);
        if (em.find(Block.class, new Block.Key(appKey, toId, fromId)) != null) {
            throw new ImException(ErrorCode.BLOCKED);
        }
        if (em.find(Friend.class, new Friend.Key(appKey, fromId, toId)) != null) {
            throw new ImException(ErrorCode.DUPLICATE, toId + " is already your friend");
        }
        long now = clock.millis();
        FriendRequest theirs = pending(appKey, toId, fromId);
        if (theirs != null || policy == AppInfo.AddFriend.ANYONE) {
            FriendRequest mine = new FriendRequest(Ulids.next(), appKey, fromId, toId, message, now);
            mine.decide(FriendRequest.Status.ACCEPTED, now);
            em.persist(mine);
            FriendRequest earlier = pending(appKey, fromId, toId);
            if (earlier != null) {
                earlier.decide(FriendRequest.Status.ACCEPTED, now);
            }
            if (theirs != null) {
                theirs.decide(FriendRequest.Status.ACCEPTED, now);
            }
            befriend(appKey, fromId, toId, null, null, now, theirs != null ? theirs.getId() : mine.getId());
            em.flush();
            return RequestView.of(mine);
        }
        FriendRequest earlier = pending(appKey, fromId, toId);
        if (earlier != null) {
            earlier.renew(message, now);
            return RequestView.of(earlier);
        }
        FriendRequest r = new FriendRequest(Ulids.next(), appKey, fromId, toId, message, now);
        em.persist(r);
        em.flush();
        notices.notify(appKey, toId, FRIEND_REQUEST, Json.createObjectBuilder().add("request", json(RequestView.of(r))).build());
        return RequestView.of(r);
    }

    /** The user's requests received ({@code in}) or sent ({@code out}), every status, the newest first. */
    @Transactional
    public Page<RequestView> requests(String appKey, String userId, String direction, int page, int size) {
        String side;
        if (direction == null || direction.equals("in")) {
            side = "r.toId";
        } else if (direction.equals("out")) {
            side = "r.fromId";
        } else {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "direction must be in or out");
        }
        String where = " FROM FriendRequest r WHERE r.appKey = :a AND " + side + " = :u";
        List<RequestView> items = em.createQuery("SELECT r" + where + " ORDER BY r.createdAt DESC, r.id DESC",
                        FriendRequest.class)
                .setParameter("a", appKey).setParameter("u", userId).setFirstResult(page * size)
                .setMaxResults(size).getResultStream().map(RequestView::of).toList();
        long total = em.createQuery("SELECT COUNT(r)" + where, Long.class).setParameter("a", appKey)
                .setParameter("u", userId).getSingleResult();
        return new Page<>(items, total, page, size);
    }

    /** The receiver accepts a pending request: they are friends. */
    public RequestView accept(String appKey, String userId, String requestId) {
        return tx.callRetryingOnce(() -> {
            FriendRequest r = pendingFor(appKey, userId, requestId);
            long now = clock.millis();
            r.decide(FriendRequest.Status.ACCEPTED, now);
            FriendRequest reverse = pending(appKey, userId, r.getFromId());
            if (reverse != null) {
                reverse.decide(FriendRequest.Status.ACCEPTED, now);
            }
            if (em.find(Friend.class, new Friend.Key(appKey, userId, r.getFromId())) == null) {
                requireActiveUser(appKey, r.getFromId());
                befriend(appKey, userId, r.getFromId(), null, null, now, r.getId());
            }
            em.flush();
            return RequestView.of(r);
        });
    }

    /** The receiver declines a pending request; the sender may ask again. */
    @Transactional
    public RequestView decline(String appKey, String userId, String requestId) {
        FriendRequest r = pendingFor(appKey, userId, requestId);
        r.decide(FriendRequest.Status.DECLINED, clock.millis());
        return RequestView.of(r);
    }

    private FriendRequest pendingFor(String appKey, String userId, String requestId) {
        FriendRequest r = requestId == null || requestId.length() > 26 ? null : em.find(FriendRequest.class, requestId);
        // another user's request is answered like a missing one
        if (r == null || !r.getAppKey().equals(appKey) || !r.getToId().equals(userId)) {
            throw new ImException(ErrorCode.NOT_FOUND, "no friend request " + requestId);
        }
        if (r.getStatus() != FriendRequest.Status.PENDING) {
            throw new ImException(ErrorCode.CONFLICT, "the friend request was already " + r.getStatus());
        }
        return r;
    }

    private FriendRequest pending(String appKey, String fromId, String toId) {
        return em.createQuery("SELECT r FROM FriendRequest r WHERE r.appKey = :a AND r.fromId = :f AND r.toId = :t "
                        + "AND r.status = :s ORDER BY r.createdAt DESC", FriendRequest.class)
                .setParameter("a", appKey).setParameter("f", fromId).setParameter("t", toId)
                .setParameter("s", FriendRequest.Status.PENDING).setMaxResults(1).getResultStream()
                .findFirst().orElse(null);
    }

    // ------------------------------------------------------------------ presence

    /**
     * Who hears that the user came online or went offline: its friends, less those it blocked (a
     * blocked user learns nothing of the blocker beyond BLOCKED on send).
     */
    @Transactional
    public List<String> presenceAudience(String appKey, String userId) {
        return em.createQuery("SELECT f.friendId FROM Friend f WHERE f.appKey = :a AND f.userId = :u AND NOT EXISTS "
                        + "(SELECT b FROM Block b WHERE b.appKey = f.appKey AND b.userId = f.userId "
                        + "AND b.blockedId = f.friendId)", String.class)
                .setParameter("a", appKey).setParameter("u", userId).getResultList();
    }

    /**
     * Of {@code userIds}, those whose online state {@code viewer} may know: itself, and its friends
     * that have not blocked it. Anyone else is answered like a user that does not exist.
     */
    @Transactional
    public java.util.Set<String> presenceVisible(String appKey, String viewer, java.util.Collection<String> userIds) {
        java.util.Set<String> out = new java.util.HashSet<>(em.createQuery("SELECT f.userId FROM Friend f "
                        + "WHERE f.appKey = :a AND f.friendId = :v AND f.userId IN :ids AND NOT EXISTS "
                        + "(SELECT b FROM Block b WHERE b.appKey = f.appKey AND b.userId = f.userId "
                        + "AND b.blockedId = :v)", String.class)
                .setParameter("a", appKey).setParameter("v", viewer).setParameter("ids", userIds).getResultList());
        if (userIds.contains(viewer)) {
            out.add(viewer);
        }
        return out;
    }

    // ------------------------------------------------------------------ friends

    /** The user's friends, by userId, each with the user's remark and the friend's profile. */
    @Transactional
    public Page<FriendView> friends(String appKey, String userId, int page, int size) {
        List<Object[]> rows = em.createQuery("SELECT f, u FROM Friend f, ImUser u WHERE u.appKey = f.appKey "
                        + "AND u.userId = f.friendId AND f.appKey = :a AND f.userId = :u ORDER BY f.friendId", Object[].class)
                .setParameter("a", appKey).setParameter("u", userId).setFirstResult(page * size)
                .setMaxResults(size).getResultList();
        List<FriendView> items = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Friend f = (Friend) row[0];
            items.add(new FriendView(f.getFriendId(), f.getRemark(), f.getCreatedAt(), Profile.of((ImUser) row[1], true)));
        }
        long total = em.createQuery("SELECT COUNT(f) FROM Friend f WHERE f.appKey = :a AND f.userId = :u", Long.class)
                .setParameter("a", appKey).setParameter("u", userId).getSingleResult();
        return new Page<>(items, total, page, size);
    }

    /** Sets (or, blank, clears) the user's remark for a friend. */
    @Transactional
    public FriendView remark(String appKey, String userId, String friendId, String remark) {
        Friend f = requireFriend(appKey, userId, friendId);
        f.setRemark(Ids.text("remark", remark, REMARK_MAX, false));
        ImUser u = em.find(ImUser.class, new ImUser.Key(appKey, friendId));
        return new FriendView(friendId, f.getRemark(), f.getCreatedAt(),
                u == null ? Profile.empty(friendId) : Profile.of(u, true));
    }

    /** Ends a friendship, on both sides; both are told. */
    public void delete(String appKey, String userId, String friendId) {
        tx.callRetryingOnce(() -> {
            Friend mine = requireFriend(appKey, userId, friendId);
            em.remove(mine);
            Friend theirs = em.find(Friend.class, new Friend.Key(appKey, friendId, userId));
            if (theirs != null) {
                em.remove(theirs);
            }
            changes.fire(new RelationChanged(appKey, userId, friendId));
            notifyBoth(appKey, userId, friendId, FRIEND_DELETED, null);
            if (outbox.wants(appKey, HookEvent.AFTER_FRIEND_DELETED)) {
                StringBuilder sb = new StringBuilder(96).append('{');
                com.xuqinmin.im.platform.Json.field(sb, "userId", userId);
                com.xuqinmin.im.platform.Json.field(sb, "friendId", friendId);
                outbox.add(appKey, HookEvent.AFTER_FRIEND_DELETED, pairKey(userId, friendId), sb.substring(1));
            }
            return null;
        });
    }

    /** The server API's import: friendships made at once, whatever the policy and the blocklists. */
    public Imported importFriends(String appKey, String userId, List<NewFriend> friends) {
        List<NewFriend> valid = new ArrayList<>(friends.size());
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < friends.size(); i++) {
            NewFriend n = friends.get(i);
            String at = "friends[" + i + "].";
            if (n == null) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, "friends[" + i + "] must be an object");
            }
            Ids.require(at + "userId", n.userId());
            if (n.userId().equals(userId)) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, at + "userId is the user itself");
            }
            if (seen.add(n.userId())) {
                valid.add(new NewFriend(n.userId(), Ids.text(at + "remark", n.remark(), REMARK_MAX, false)));
            }
        }
        return tx.callRetryingOnce(() -> {
            requireActiveUser(appKey, userId);
            List<String> added = new ArrayList<>();
            List<String> existing = new ArrayList<>();
            long now = clock.millis();
            for (NewFriend n : valid) {
                requireActiveUser(appKey, n.userId());
                if (em.find(Friend.class, new Friend.Key(appKey, userId, n.userId())) != null) {
                    existing.add(n.userId());
                    continue;
                }
                befriend(appKey, userId, n.userId(), n.remark(), null, now, null);
                FriendRequest mine = pending(appKey, userId, n.userId());
                if (mine != null) {
                    mine.decide(FriendRequest.Status.ACCEPTED, now);
                }
                FriendRequest theirs = pending(appKey, n.userId(), userId);
                if (theirs != null) {
                    theirs.decide(FriendRequest.Status.ACCEPTED, now);
                }
                added.add(n.userId());
            }
            em.flush();
            return new Imported(added, existing);
        });
    }

    /** Makes the two rows of a friendship and tells both users ({@code requestId}: the request it answers, if any). */
    private void befriend(String appKey, String a, String b, String remarkOfA, String remarkOfB, long now,
            String requestId) {
        em.persist(new Friend(appKey, a, b, remarkOfA, now));
        if (em.find(Friend.class, new Friend.Key(appKey, b, a)) == null) {
            em.persist(new Friend(appKey, b, a, remarkOfB, now));
        }
        em.flush();
        changes.fire(new RelationChanged(appKey, a, b));
        notifyBoth(appKey, a, b, FRIEND_ADDED, requestId);
        if (outbox.wants(appKey, HookEvent.AFTER_FRIEND_ADDED)) {
            // in the friendship's transaction; ordered with the pair's other friend events
            StringBuilder sb = new StringBuilder(128).append('{');
            com.xuqinmin.im.platform.Json.field(sb, "userId", a);
            com.xuqinmin.im.platform.Json.field(sb, "friendId", b);
            com.xuqinmin.im.platform.Json.field(sb, "requestId", requestId);
            outbox.add(appKey, HookEvent.AFTER_FRIEND_ADDED, pairKey(a, b), sb.substring(1));
        }
    }

    /** The order key of a pair's friend events: the two ids in order. */
    private static String pairKey(String a, String b) {
        return a.compareTo(b) <= 0 ? "f:" + a + ":" + b : "f:" + b + ":" + a;
    }

    /** A notice to each of the two about the other, in userId order (see {@link NoticeService#notify}). */
    private void notifyBoth(String appKey, String a, String b, String type, String requestId) {
        String first = a.compareTo(b) <= 0 ? a : b;
        String second = first.equals(a) ? b : a;
        notices.notify(appKey, first, type, about(second, requestId));
        notices.notify(appKey, second, type, about(first, requestId));
    }

    private static JsonObject about(String userId, String requestId) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("userId", userId);
        if (requestId != null) {
            b.add("requestId", requestId);
        }
        return b.build();
    }

    private static JsonObject json(RequestView r) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("id", r.id()).add("fromId", r.fromId()).add("toId", r.toId())
                .add("status", r.status()).add("createdAt", r.createdAt());
        if (r.message() != null) {
            b.add("message", r.message());
        }
        if (r.decidedAt() != null) {
            b.add("decidedAt", r.decidedAt());
        }
        return b.build();
    }

    private Friend requireFriend(String appKey, String userId, String friendId) {
        Friend f = Ids.valid(friendId) ? em.find(Friend.class, new Friend.Key(appKey, userId, friendId)) : null;
        if (f == null) {
            throw new ImException(ErrorCode.NOT_FOUND, friendId + " is not your friend");
        }
        return f;
    }

    private void requireActiveUser(String appKey, String userId) {
        ImUser u = SystemAccount.is(userId) ? null : em.find(ImUser.class, new ImUser.Key(appKey, userId));
        if (u == null || !u.isActive()) {
            throw new ImException(ErrorCode.USER_NOT_FOUND, "user " + userId + " not found");
        }
    }
}
