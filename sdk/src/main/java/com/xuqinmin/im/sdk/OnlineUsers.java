package com.xuqinmin.im.sdk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The app's online users now ({@code GET /api/im/admin/app/online}), by userId. */
public final class OnlineUsers {

    /** One online user and its connected sessions. */
    public static final class OnlineUser {
        private final String userId;
        private final List<OnlineStatus.Session> sessions;

        private OnlineUser(Json.Obj o) {
            this.userId = o.str("userId");
            List<OnlineStatus.Session> s = new ArrayList<>();
            for (Json.Obj x : o.objs("sessions")) {
                s.add(new OnlineStatus.Session(x));
            }
            this.sessions = Collections.unmodifiableList(s);
        }

        public String userId() {
            return userId;
        }

        public List<OnlineStatus.Session> sessions() {
            return sessions;
        }

        @Override
        public String toString() {
            return "OnlineUser[" + userId + ", sessions=" + sessions + "]";
        }
    }

    private final List<OnlineUser> users;
    private final boolean more;
    private final String scope;

    private OnlineUsers(Json.Obj o) {
        List<OnlineUser> u = new ArrayList<>();
        for (Json.Obj x : o.objs("users")) {
            u.add(new OnlineUser(x));
        }
        this.users = Collections.unmodifiableList(u);
        this.more = o.bool("more");
        this.scope = o.str("scope");
    }

    static OnlineUsers of(Json.Obj o) {
        return new OnlineUsers(o);
    }

    public List<OnlineUser> users() {
        return users;
    }

    /** Whether more users are online than the limit let through. */
    public boolean more() {
        return more;
    }

    /** {@code node}: the sessions of the server node that answered; {@code cluster}: every node's. */
    public String scope() {
        return scope;
    }

    @Override
    public String toString() {
        return "OnlineUsers[" + scope + ", " + users + (more ? ", more" : "") + "]";
    }
}
