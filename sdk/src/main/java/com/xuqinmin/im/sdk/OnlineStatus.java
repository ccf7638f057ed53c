package com.xuqinmin.im.sdk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Where a user is connected now: its sessions that completed CONNECT. */
public final class OnlineStatus {

    /** One connected session. */
    public static final class Session {
        private final String sessionId;
        private final String deviceId;
        private final long connectedAt;
        private final String transport;

        Session(Json.Obj o) {
            this.sessionId = o.str("sessionId");
            this.deviceId = o.str("deviceId");
            this.connectedAt = o.lng("connectedAt", 0);
            this.transport = o.str("transport");
        }

        public String sessionId() {
            return sessionId;
        }

        /** The device-id the client gave, {@code default} when none. */
        public String deviceId() {
            return deviceId;
        }

        /** Unix ms. */
        public long connectedAt() {
            return connectedAt;
        }

        /**
         * What carries the session: {@code websocket}, {@code sockjs-websocket}, {@code sockjs-xhr-streaming}
         * or {@code sockjs-xhr-polling}; null from a server that does not say.
         */
        public String transport() {
            return transport;
        }

        @Override
        public String toString() {
            return "Session[" + sessionId + ", device=" + deviceId + ", " + transport + "]";
        }
    }

    private final String userId;
    private final boolean online;
    private final List<Session> sessions;

    private OnlineStatus(Json.Obj o) {
        this.userId = o.str("userId");
        this.online = o.bool("online");
        List<Session> s = new ArrayList<>();
        for (Json.Obj x : o.objs("sessions")) {
            s.add(new Session(x));
        }
        this.sessions = Collections.unmodifiableList(s);
    }

    static OnlineStatus of(Json.Obj o) {
        return new OnlineStatus(o);
    }

    public String userId() {
        return userId;
    }

    public boolean online() {
        return online;
    }

    public List<Session> sessions() {
        return sessions;
    }

    @Override
    public String toString() {
        return "OnlineStatus[" + userId + ", online=" + online + ", sessions=" + sessions + "]";
    }
}
