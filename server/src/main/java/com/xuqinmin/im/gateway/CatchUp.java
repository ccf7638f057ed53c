package com.xuqinmin.im.gateway;

import com.xuqinmin.im.chat.SyncPage;
import com.xuqinmin.im.chat.SyncService;
import com.xuqinmin.im.platform.BusReconnected;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * After the cluster bus returns from an outage, brings this node's sessions up to date from the
 * database, as a {@code chat.sync} of theirs would: what other nodes stored meanwhile never reached
 * this node. It writes only what a session lacks (deduplicated like any delivery), so clients need
 * not ask.
 */
@ApplicationScoped
public class CatchUp {

    private static final Logger LOG = Logger.getLogger(CatchUp.class.getName());
    private static final int MAX_PAGES = 20;

    @Inject
    SessionRegistry registry;

    @Inject
    SyncService syncService;

    void all(@ObservesAsync BusReconnected ignored) {
        int sessions = 0;
        int messages = 0;
        for (Connection c : registry.connectedSessions()) {
            if (!c.isSubscribed(Destinations.USER_MESSAGES)) {
                continue; // such a session only syncs when it asks
            }
            try {
                messages += one(c);
                sessions++;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not catch up " + c + "; its next sync will", e);
            }
        }
        int s = sessions;
        int m = messages;
        LOG.info(() -> "Caught up " + s + " sessions after the bus returned: " + m + " messages");
    }

    private int one(Connection c) {
        int written = 0;
        JsonObject none = jakarta.json.Json.createObjectBuilder().build();
        for (int page = 0; page < MAX_PAGES; page++) {
            SyncPage p = syncService.sync(c.identity(), c.deviceId(), none, c::writtenUpTo,
                    c.isSubscribed(Destinations.USER_NOTICES));
            written += registry.deliverSync(c, p);
            if (!p.anyMore() || p.messages().isEmpty() && p.notices().isEmpty()) {
                break;
            }
        }
        return written;
    }
}
