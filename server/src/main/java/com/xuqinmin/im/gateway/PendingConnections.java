package com.xuqinmin.im.gateway;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WebSocket connections that have not sent CONNECT yet, counted per client address and in total
 * (PROTOCOL.md §1), so that nobody holds an unbounded number of sockets without ever proving who they
 * are. A connection takes a {@link Place} at its handshake ({@link HandshakeFilter}) and gives it back
 * when it sends CONNECT or closes; a place whose socket never opened, or was never seen to close, is
 * given back when it expires ({@link #expire}). A connection past its CONNECT deadline whose close is
 * still waiting for a closer {@linkplain Place#keep() keeps} its place until the close has run, so a
 * backlog of closes can never be larger than the cap: the handshakes that would add to it are refused.
 */
@ApplicationScoped
public class PendingConnections {

    /** The user property under which a WebSocket session keeps its place. */
    public static final String PLACE = "im.pending.place";

    // an address is in the map only while it has a place, so the map never holds more than the total
    private final ConcurrentHashMap<String, Integer> byAddress = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final Set<Place> places = ConcurrentHashMap.newKeySet();
    // places between the handshake filter and the endpoint's configurator, by Sec-WebSocket-Key
    private final ConcurrentHashMap<String, Place> handedOn = new ConcurrentHashMap<>();

    /** One connection's place among those waiting for CONNECT; it is given back once, however often it is released. */
    public final class Place {
        private final String address;
        private volatile long expiresAtMillis;
        private final AtomicBoolean released = new AtomicBoolean();

        private Place(String address, long expiresAtMillis) {
            this.address = address;
            this.expiresAtMillis = expiresAtMillis;
        }

        /**
         * The place no longer expires: its connection is past its deadline and its close is queued; the
         * place is given back when the close has run ({@link #release()}).
         */
        void keep() {
            expiresAtMillis = Long.MAX_VALUE;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                places.remove(this);
                giveBack(address);
            }
        }
    }

    /**
     * Takes a place for a connection from {@code address} ({@code null}: unknown, counted in the total
     * only). Refuses with {@code TOO_MANY_PENDING_CONNECTIONS} (429) when the address already has
     * {@code perAddress} places, and with {@code SERVER_BUSY} (503) when the server has {@code max}.
     */
    public Place take(String address, int perAddress, int max, long expiresAtMillis) {
        if (total.incrementAndGet() > max) {
            total.decrementAndGet();
            throw new ImException(ErrorCode.SERVER_BUSY,
                    "the server has " + max + " connections waiting for CONNECT; try again in a moment");
        }
        if (address != null) {
            boolean[] full = {false};
            byAddress.compute(address, (a, n) -> {
                int now = n == null ? 0 : n;
                if (now >= perAddress) {
                    full[0] = true;
                    return n;
                }
                return now + 1;
            });
            if (full[0]) {
                total.decrementAndGet();
                throw new ImException(ErrorCode.TOO_MANY_PENDING_CONNECTIONS, "at most " + perAddress
                        + " connections from one address may wait for CONNECT; send CONNECT as soon as the socket opens");
            }
        }
        Place p = new Place(address, expiresAtMillis);
        places.add(p);
        return p;
    }

    /**
     * Leaves a handshake's place for the endpoint's configurator under the handshake's
     * {@code Sec-WebSocket-Key}; false (and nothing left) when a handshake with that key is already in
     * flight. The key is 16 random bytes the client chose, so two honest handshakes never share one.
     */
    public boolean handOn(String key, Place p) {
        return handedOn.putIfAbsent(key, p) == null;
    }

    /** The place a handshake left under {@code key}, taken at most once; {@code null} when none. */
    public Place claim(String key) {
        return key == null ? null : handedOn.remove(key);
    }

    private void giveBack(String address) {
        if (address != null) {
            byAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        }
        total.decrementAndGet();
    }

    /** Gives back every place that expired by {@code nowMillis}. */
    public void expire(long nowMillis) {
        for (Place p : places) {
            if (p.expiresAtMillis <= nowMillis) {
                p.release();
            }
        }
    }

    /** Connections waiting for CONNECT on this node. */
    public int count() {
        return total.get();
    }

    /** Connections from {@code address} waiting for CONNECT. */
    public int count(String address) {
        Integer n = byAddress.get(address);
        return n == null ? 0 : n;
    }

    /** Addresses that have a connection waiting for CONNECT. */
    int addresses() {
        return byAddress.size();
    }
}
