package com.xuqinmin.im.api;

import com.xuqinmin.im.platform.Ulids;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.util.regex.Pattern;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} when it is sane, else a new one),
 * echoed in the {@code X-Request-Id} response header and in the envelope.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class RequestIds implements ContainerRequestFilter, ContainerResponseFilter {

    @Inject
    Caller caller;

    public static final String HEADER = "X-Request-Id";
    static final String PROPERTY = "im.requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    @Override
    public void filter(ContainerRequestContext req) {
        String given = req.getHeaderString(HEADER);
        String id = given != null && sane(given) ? given : Ulids.next();
        req.setProperty(PROPERTY, id);
        caller.requestId(id);
    }

    @Override
    public void filter(ContainerRequestContext req, ContainerResponseContext res) {
        Object id = req.getProperty(PROPERTY);
        if (id != null) {
            res.getHeaders().putSingle(HEADER, id);
        }
    }

    /** Whether a caller's request id may be echoed (and logged) as it is. */
    static boolean sane(String given) {
        return SANE.matcher(given).matches();
    }

    static String of(ContainerRequestContext req) {
        Object id = req.getProperty(PROPERTY);
        return id == null ? null : id.toString();
    }
}
