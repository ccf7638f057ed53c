package com.xuqinmin.im.api;

import com.xuqinmin.im.chat.ConversationService;
import com.xuqinmin.im.chat.EditService;
import com.xuqinmin.im.chat.MessageJson;
import com.xuqinmin.im.chat.MessageSearch;
import com.xuqinmin.im.chat.RevokeService;
import com.xuqinmin.im.chat.SendService;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.Json;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/**
 * Server API: messages (API.md §4) — send as any user or as the system account, send one message to
 * many users, revoke or edit any message without a time window, read any conversation's history, and
 * search the app's messages.
 */
@Path("/im/admin/messages")
@Signed
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdminMessageResource {

    /** The most receivers of one batch send. */
    static final int BATCH_MAX = 500;

    /** One receiver's result: an envelope of its own, with the stored message as {@code data}. */
    public record BatchResult(String toId, int code, String status, String message, String error, JsonObject data) {
    }

    /** {@code {"results":[...]}}, one per distinct receiver, in the order given. */
    public record BatchOut(List<BatchResult> results) {
    }

    @Inject
    SendService sendService;

    @Inject
    RevokeService revokeService;

    @Inject
    EditService editService;

    @Inject
    ConversationService conversations;

    @Inject
    MessageSearch search;

    @Inject
    Caller caller;

    /** {@code {fromId, toId, chatType, msgType, content, messageId}} → the stored message. */
    @POST
    @Path("send")
    public Envelope<JsonObject> send(byte[] body) {
        JsonObject o = ImMessageResource.object(body);
        return caller.ok(MessageJson.object(Await.result(sendService.sendAs(caller.appKey(), Json.string(o, "fromId"), o))));
    }

    /** {@code {fromId, toIds:[...], msgType, content, messageId?}}: a single-chat message to each receiver. */
    @POST
    @Path("batch-send")
    public Envelope<BatchOut> batchSend(byte[] body) {
        JsonObject o = ImMessageResource.object(body);
        List<String> toIds = receivers(o.get("toIds"));
        List<BatchResult> results = new ArrayList<>(toIds.size());
        for (SendService.BatchOutcome r : Await.result(
                sendService.batchSend(caller.appKey(), Json.string(o, "fromId"), toIds, o))) {
            ImException f = r.failure();
            results.add(f == null
                    ? new BatchResult(r.toId(), 200, "0", "success", null, MessageJson.object(r.message()))
                    : new BatchResult(r.toId(), f.code(), "1", f.getMessage(), f.error().name(), null));
        }
        return caller.ok(new BatchOut(results));
    }

    /** Revokes a message by its server id ({@code id} of the MESSAGE body) → the message, now REVOKED. */
    @POST
    @Path("{id}/revoke")
    @Consumes(MediaType.WILDCARD)
    public Envelope<JsonObject> revoke(@PathParam("id") String id) {
        return caller.ok(MessageJson.object(Await.result(revokeService.revokeById(caller.appKey(), id))));
    }

    /** Edits a message by its server id, any time: {@code {content, editId?}} → the message with its new content. */
    @POST
    @Path("{id}/edit")
    public Envelope<JsonObject> edit(@PathParam("id") String id, byte[] body) {
        return caller.ok(MessageJson.object(Await.result(editService.editById(caller.appKey(), id,
                ImMessageResource.object(body)))));
    }

    @GET
    public Envelope<ConversationService.HistoryPage> history(@QueryParam("conversationId") String conversationId,
            @QueryParam("beforeSeq") String beforeSeq, @QueryParam("limit") String limit) {
        return caller.ok(conversations.historyOfApp(caller.appKey(), conversationId,
                Paging.number("beforeSeq", beforeSeq), Paging.integer("limit", limit)));
    }

    /**
     * The compliance search: the app's messages that contain every word of {@code q}, newest first,
     * optionally one sender's ({@code userId}) or one conversation's; written to the audit log.
     */
    @GET
    @Path("search")
    @AuditedRead
    public Envelope<MessageSearch.Page> search(@QueryParam("q") String q, @QueryParam("userId") String userId,
            @QueryParam("conversationId") String conversationId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        return caller.ok(search.searchApp(caller.appKey(), new MessageSearch.Criteria(q, conversationId, userId,
                Paging.number("from", from), Paging.number("to", to), cursor, Paging.integer("limit", limit))));
    }

    private static List<String> receivers(JsonValue v) {
        if (!(v instanceof JsonArray a) || a.isEmpty()) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "toIds must be a non-empty list of userIds");
        }
        if (a.size() > BATCH_MAX) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "at most " + BATCH_MAX + " toIds per batch");
        }
        List<String> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            if (!(a.get(i) instanceof JsonString s)) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, "toIds[" + i + "] must be a string");
            }
            out.add(s.getString());
        }
        return out;
    }
}
