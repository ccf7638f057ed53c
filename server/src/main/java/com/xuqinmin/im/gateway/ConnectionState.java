package com.xuqinmin.im.gateway;

import com.xuqinmin.im.auth.Identity;

/**
 * Where a connection is in its life, who it speaks for once CONNECTED, and its heart-beat timing
 * (PROTOCOL.md §2): what was negotiated and when it last read and wrote. Written by the inbound
 * thread and the writer, read by the sweeper and delivery threads, hence volatile.
 */
final class ConnectionState {

    private volatile Connection.State life = Connection.State.OPEN;
    private volatile Identity identity;
    private volatile String deviceId = "default";
    private volatile Platform platform = Platform.WEB;
    private volatile long connectedAtMillis;
    private volatile long sendEveryMillis;
    private volatile long expectEveryMillis;
    private volatile long lastReadMillis = System.currentTimeMillis();
    private volatile long lastWriteMillis = System.currentTimeMillis();

    Connection.State life() {
        return life;
    }

    void life(Connection.State next) {
        life = next;
    }

    boolean closing() {
        Connection.State s = life;
        return s == Connection.State.CLOSING || s == Connection.State.CLOSED;
    }

    void connected(Identity who, String device, Platform on, long sendEvery, long expectEvery) {
        identity = who;
        deviceId = device;
        platform = on;
        sendEveryMillis = sendEvery;
        expectEveryMillis = expectEvery;
        connectedAtMillis = System.currentTimeMillis();
        life = Connection.State.CONNECTED;
    }

    Identity identity() {
        return identity;
    }

    String deviceId() {
        return deviceId;
    }

    Platform platform() {
        return platform;
    }

    long connectedAtMillis() {
        return connectedAtMillis;
    }

    long sendEveryMillis() {
        return sendEveryMillis;
    }

    long expectEveryMillis() {
        return expectEveryMillis;
    }

    void touchRead() {
        lastReadMillis = System.currentTimeMillis();
    }

    long lastReadMillis() {
        return lastReadMillis;
    }

    void touchWrite() {
        lastWriteMillis = System.currentTimeMillis();
    }

    long lastWriteMillis() {
        return lastWriteMillis;
    }
}
