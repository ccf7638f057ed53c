package com.xuqinmin.im.api;

import com.xuqinmin.im.notice.NoticeService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** IM client HTTP: the caller's notices after a seq (API.md §4.8), for a client that was away. */
@Path("/im/notices")
@ImUserApi
@RolesAllowed("im-user")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ImNoticeResource {

    @Inject
    NoticeService notices;

    @Inject
    Caller caller;

    @GET
    public Envelope<NoticeService.Page> after(@QueryParam("afterSeq") String afterSeq, @QueryParam("limit") String limit) {
        Long after = Paging.number("afterSeq", afterSeq);
        Long max = Paging.number("limit", limit);
        return caller.ok(notices.after(caller.appKey(), caller.userId(), after == null ? 0 : after,
                max == null ? 100 : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, max))));
    }
}
