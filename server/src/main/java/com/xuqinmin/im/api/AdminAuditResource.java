package com.xuqinmin.im.api;

import com.xuqinmin.im.audit.AuditLog;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Server API: the app's audit log (docs/api.md, "Audit log"): its back-end's calls and its tenant's on it. */
@Path("/im/admin/audit")
@Signed
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminAuditResource {

    @Inject
    AuditLog audit;

    @Inject
    Caller caller;

    /** {@code ?from&to} (Unix ms, to exclusive), {@code actor}, {@code action} (a prefix), {@code limit} (1 to 500). */
    @GET
    public Envelope<List<AuditLog.Entry>> find(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("actor") String actor, @QueryParam("action") String action,
            @QueryParam("limit") String limit) {
        return caller.ok(audit.find(new AuditLog.Query(caller.appKey(), null, Paging.number("from", from),
                Paging.number("to", to), actor, action, Paging.integer("limit", limit))));
    }
}
