package com.xuqinmin.im.api;

import com.xuqinmin.im.account.Ids;
import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.chat.ConversationService;
import com.xuqinmin.im.chat.EditService;
import com.xuqinmin.im.chat.MessageStore;
import com.xuqinmin.im.chat.MessageJson;
import com.xuqinmin.im.chat.MessageSearch;
import com.xuqinmin.im.chat.ReadService;
import com.xuqinmin.im.chat.RevokeService;
import com.xuqinmin.im.chat.SendService;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.Json;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * IM client HTTP: the chat of PROTOCOL.md §3–4 without a socket (API.md §4). The rules are those of
 * {@link SendService}, {@link RevokeService}, {@link EditService} and {@link ReadService}, the same as over STOMP, and what
 * changes is delivered to the connected sessions as if it had been sent from a socket that is not one
 * of them.
 */
@Path("/im/messages")
@ImUserApi
@RolesAllowed("im-user")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ImMessageResource {

    /** The answer of a read: how far the conversation is now marked read. */
    public record ReadOut(String conversationId, long readSeq) {
    }

    @Inject
    SendService sendService;

    @Inject
    RevokeService revokeService;

    @Inject
    EditService editService;

    @Inject
    ReadService readService;

    @Inject
    ConversationService conversations;

    @Inject
    MessageSearch search;

    @Inject
    Caller caller;

    /** {@code {toId, chatType, msgType, content, messageId}} → the stored message. */
    @POST
    @Path("send")
    public Envelope<JsonObject> send(byte[] body) {
        return caller.ok(MessageJson.object(Await.result(sendService.send(who(), null, object(body)))));
    }

    /** {@code {messageId}} (the server id or the caller's own client id) → the message, now REVOKED. */
    @POST
    @Path("revoke")
    public Envelope<JsonObject> revoke(byte[] body) {
        return caller.ok(MessageJson.object(Await.result(revokeService.revoke(who(), null, object(body)))));
    }

    /**
     * {@code {id | messageId, content, editId?}} (a server id, or the caller's own client id) → the
     * message with its new content, {@code editedAt} and {@code editCount}.
     */
    @POST
    @Path("edit")
    public Envelope<JsonObject> edit(byte[] body) {
        return caller.ok(MessageJson.object(Await.result(editService.edit(who(), null, object(body)))));
    }

    /** The versions of a message of one of the caller's conversations, oldest first (version 0: the original). */
    @GET
    @Path("{id}/edits")
    public Envelope<List<MessageStore.Version>> edits(@PathParam("id") String id) {
        return caller.ok(editService.versions(who(), id));
    }

    /** {@code {conversationId, seq, deviceId?}} → how far it is read now. */
    @POST
    @Path("read")
    public Envelope<ReadOut> read(byte[] body) {
        JsonObject o = object(body);
        String device = Json.string(o, "deviceId");
        if (device != null && !Ids.valid(device)) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "deviceId must be 1 to 64 characters of A-Z a-z 0-9 _ . @ -");
        }
        long upto = Await.result(readService.read(who(), device == null ? "default" : device, null, o));
        return caller.ok(new ReadOut(Json.string(o, "conversationId"), upto));
    }

    @GET
    @Path("history")
    public Envelope<ConversationService.HistoryPage> history(@QueryParam("conversationId") String conversationId,
            @QueryParam("beforeSeq") String beforeSeq, @QueryParam("limit") String limit) {
        return caller.ok(conversations.history(who(), conversationId, Paging.number("beforeSeq", beforeSeq),
                Paging.integer("limit", limit)));
    }

    /**
     * The caller's messages that contain every word of {@code q}, newest first (api.md, "Searching
     * messages"); {@code cursor} is the {@code nextCursor} of the page before.
     */
    @GET
    @Path("search")
    public Envelope<MessageSearch.Page> search(@QueryParam("q") String q,
            @QueryParam("conversationId") String conversationId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        return caller.ok(search.search(who(), new MessageSearch.Criteria(q, conversationId, null,
                Paging.number("from", from), Paging.number("to", to), cursor, Paging.integer("limit", limit))));
    }

    private Identity who() {
        return new Identity(caller.appKey(), caller.userId());
    }

    static JsonObject object(byte[] body) {
        return Json.parseObject(body == null ? new byte[0] : body);
    }
}
