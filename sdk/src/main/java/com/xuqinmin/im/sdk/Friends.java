package com.xuqinmin.im.sdk;

import static com.xuqinmin.im.sdk.Paths.seg;

import com.xuqinmin.im.sdk.Transport.Retry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * Users' friends ({@code /api/im/admin/users/{userId}/friends}): the back-end makes and ends
 * friendships directly, whatever the app's {@link AddFriendPolicy} and the users' blocklists.
 * Thread-safe.
 */
public final class Friends {

    private static final int MAX_PAGE = 100;

    private final Transport t;

    Friends(Transport t) {
        this.t = t;
    }

    private static String base(String userId) {
        return "/api/im/admin/users/" + seg(userId) + "/friends";
    }

    /**
     * Makes up to 500 friendships of {@code userId} at once (both sides); existing ones are reported
     * and left unchanged, so repeating an import is harmless (and it is retried).
     */
    public FriendImport importFriends(String userId, Collection<NewFriend> friends) {
        List<Object> list = new ArrayList<>(friends.size());
        for (NewFriend f : friends) {
            list.add(f.json());
        }
        return FriendImport.of(t.signed("POST", base(userId), Collections.singletonMap("friends", list), Retry.SAFE));
    }

    public FriendImport importFriends(String userId, NewFriend... friends) {
        return importFriends(userId, Arrays.asList(friends));
    }

    /** One page of the user's friends (page from 0, size 1 to 100), by userId. */
    public Page<Friend> list(String userId, int page, int size) {
        Json.Obj o = t.signed("GET", base(userId) + "?page=" + page + "&size=" + size, null, Retry.SAFE);
        List<Friend> items = new ArrayList<>();
        for (Json.Obj f : o.objs("items")) {
            items.add(Friend.of(f));
        }
        return new Page<>(items, o);
    }

    /** Every friend of the user, fetched a page at a time as it is iterated. */
    public Iterable<Friend> all(String userId) {
        return () -> new Paged<>(new Supplier<List<Friend>>() {
            private int next;
            private boolean more = true;

            @Override
            public List<Friend> get() {
                if (!more) {
                    return null;
                }
                Page<Friend> p = list(userId, next++, MAX_PAGE);
                more = !p.items().isEmpty() && (long) next * MAX_PAGE < p.total();
                return p.items();
            }
        });
    }

    /** Ends a friendship on both sides; {@code NOT_FOUND} when they are not friends. */
    public void delete(String userId, String friendId) {
        t.signed("DELETE", base(userId) + "/" + seg(friendId), null, Retry.ONLY_IF_NOT_SENT);
    }
}
