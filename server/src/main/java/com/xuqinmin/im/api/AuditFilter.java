package com.xuqinmin.im.api;

import com.xuqinmin.im.audit.AuditLog;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes every state-changing call (not GET, HEAD, OPTIONS, but the reads marked {@link AuditedRead}) of the server API, the tenant console
 * and the operations console to the audit log, whatever its outcome: who (the app's back-end, an
 * admin user, a tenant, an operator), the action (method and the call's path template), the target
 * (the path), the address, the status and error. Calls nobody was proven for (a refused signature
 * or token, a login) and the IM users' own calls are not audited; bodies and headers never are.
 */
@Provider
@Priority(Priorities.USER)
public class AuditFilter implements ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger(AuditFilter.class.getName());

    @Inject
    Caller caller;

    @Inject
    AuditLog audit;

    @Context
    ResourceInfo resource;

    @Context
    HttpServletRequest http;

    @Override
    public void filter(ContainerRequestContext req, ContainerResponseContext res) {
        String method = req.getMethod();
        if (("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) && !auditedRead()) {
            return;
        }
        String path = "/" + req.getUriInfo().getPath().replaceFirst("^/", "");
        String operator = caller.operatorOrNull();
        Long tenant = caller.tenantIdOrNull();
        String appKey = caller.appKeyOrNull();
        String user = caller.userIdOrNull();
        String actor;
        if (operator != null) {
            actor = "operator:" + operator;
        } else if (tenant != null) {
            actor = "tenant:" + tenant;
        } else if (appKey != null && user == null && path.startsWith("/im/admin")) {
            actor = "app:" + appKey;
        } else {
            return; // nobody proven, or an IM user's own call (the client API)
        }
        String app = appKey != null ? appKey : req.getUriInfo().getPathParameters().getFirst("appKey");
        String error = res.getEntity() instanceof Envelope<?> e ? e.error() : null;
        try {
            audit.record(app, tenant, actor, method + " " + template(path), "/api" + path, http.getRemoteAddr(),
                    res.getStatus(), error, RequestIds.of(req));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not write the audit log entry of " + method + " /api" + path, e);
        }
    }

    private boolean auditedRead() {
        Method m = resource == null ? null : resource.getResourceMethod();
        return m != null && m.isAnnotationPresent(AuditedRead.class);
    }

    /** The matched call's path template ({@code /im/admin/users/{userId}/kick}), or the path when none matched. */
    private String template(String path) {
        Class<?> type = resource == null ? null : resource.getResourceClass();
        Method m = resource == null ? null : resource.getResourceMethod();
        if (type == null || m == null) {
            return "/api" + path;
        }
        Path p = type.getAnnotation(Path.class);
        Path mp = m.getAnnotation(Path.class);
        String t = (p == null ? "" : "/" + p.value()) + (mp == null ? "" : "/" + mp.value());
        return "/api" + t.replaceAll("/+", "/").replaceAll("(.)/$", "$1");
    }
}
