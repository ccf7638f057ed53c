package com.xuqinmin.im.api;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place that maps failures to HTTP: an {@link ImException} becomes the envelope with its
 * code; anything else is translated to the nearest code without leaking internals.
 */
@Provider
public class ErrorMappers implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class.getName());

    @Inject
    Caller caller;

    @Override
    public Response toResponse(Throwable t) {
        ImException e = translate(t);
        String requestId = caller.requestId();
        // a refusal under overload is counted (im.lanes.busy), not logged: a log line per request would
        // add to the load it reports
        if (e.code() >= 500 && e.error() != ErrorCode.SERVER_BUSY) {
            LOG.log(Level.WARNING, "request " + requestId + " failed", t);
        }
        return toResponse(e, requestId);
    }

    static Response toResponse(ImException e, String requestId) {
        Response.ResponseBuilder r = Response.status(e.code())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Envelope.failure(e, requestId));
        if (e.error() == ErrorCode.SERVER_BUSY) {
            r.header("Retry-After", "1");
        }
        return r.build();
    }

    private static ImException translate(Throwable t) {
        if (t instanceof ImException e) {
            return e;
        }
        if (t instanceof NotFoundException) {
            return new ImException(ErrorCode.NOT_FOUND, "no such endpoint");
        }
        if (t instanceof NotAllowedException) {
            return new ImException(ErrorCode.NOT_FOUND, "method not allowed on this endpoint");
        }
        if (t instanceof NotSupportedException) {
            return new ImException(ErrorCode.VALIDATION_FAILED, "send application/json");
        }
        if (t instanceof JsonbException || t instanceof ProcessingException
                || (t instanceof WebApplicationException w && w.getResponse().getStatus() == 400)) {
            return new ImException(ErrorCode.VALIDATION_FAILED, "the body is not valid JSON of the expected shape");
        }
        if (t instanceof WebApplicationException w && w.getResponse().getStatus() < 500) {
            int s = w.getResponse().getStatus();
            ErrorCode c = s == 401 ? ErrorCode.UNAUTHORIZED : s == 403 ? ErrorCode.FORBIDDEN
                    : s == 413 ? ErrorCode.BODY_TOO_LARGE : s == 404 ? ErrorCode.NOT_FOUND : ErrorCode.VALIDATION_FAILED;
            return new ImException(c);
        }
        return ImException.of(t);
    }
}
