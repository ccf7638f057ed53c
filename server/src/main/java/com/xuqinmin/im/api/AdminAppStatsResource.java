package com.xuqinmin.im.api;

import com.xuqinmin.im.chat.MessageStats;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.gateway.Presence;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Server API: what the calling app looks like now (API.md §3): its online users and its message
 * counts. The tenant console asks the same through {@link AppsResource}.
 */
@Path("/im/admin/app")
@Signed
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminAppStatsResource {

    /** The most online users one call answers. */
    static final int ONLINE_MAX = 1000;

    @Inject
    Caller caller;

    @Inject
    Presence presence;

    @Inject
    MessageStats stats;

    @GET
    @Path("/online")
    public Envelope<Presence.Online> online(@QueryParam("limit") String limit) {
        return caller.ok(online(presence, caller.appKey(), limit));
    }

    @GET
    @Path("/stats/messages")
    public Envelope<MessageStats.Counts> messages() {
        return caller.ok(stats.of(caller.appKey()));
    }

    /** The app's online users, at most {@code limit} (default 100, at most {@link #ONLINE_MAX}). */
    static Presence.Online online(Presence presence, String appKey, String limit) {
        Integer n = Paging.integer("limit", limit);
        int max = n == null ? 100 : n;
        if (max < 1 || max > ONLINE_MAX) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "limit must be 1 to " + ONLINE_MAX);
        }
        return presence.onlineIn(appKey, max);
    }
}
