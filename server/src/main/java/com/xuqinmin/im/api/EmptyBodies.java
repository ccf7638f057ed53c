package com.xuqinmin.im.api;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.io.PushbackInputStream;

/**
 * Reads an empty request body as {@code null} instead of failing in the JSON binding, so calls whose
 * body is optional (API.md §4: {@code usersig} with no {@code ttlSeconds}) work without one; the
 * resources already treat a {@code null} body as "nothing given".
 */
@Provider
public class EmptyBodies implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext ctx) throws IOException {
        PushbackInputStream in = new PushbackInputStream(ctx.getInputStream(), 1);
        int first = in.read();
        if (first == -1) {
            return null;
        }
        in.unread(first);
        ctx.setInputStream(in);
        return ctx.proceed();
    }
}
