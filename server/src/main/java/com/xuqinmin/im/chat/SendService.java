package com.xuqinmin.im.chat;

import com.xuqinmin.im.account.Ids;
import com.xuqinmin.im.account.SystemAccount;
import com.xuqinmin.im.account.UserDirectory;
import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.group.Memberships;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.Json;
import com.xuqinmin.im.platform.Ulids;
import com.xuqinmin.im.webhook.Hook;
import com.xuqinmin.im.webhook.Moderation;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sending (PROTOCOL.md §4 {@code chat.send}, the server API's send and batch send): each body is
 * checked by the {@link SendRules} on the caller's thread, then handed to its conversation's lane
 * ({@link ConversationLanes}); the stage completes after the commit.
 */
@ApplicationScoped
public class SendService {

    @Inject
    ImConfig config;

    @Inject
    UserDirectory users;

    @Inject
    Memberships groups;

    @Inject
    ConversationLanes lanes;

    @Inject
    com.xuqinmin.im.social.RelationCache relations;

    @Inject
    Clock clock;

    @Inject
    Moderation moderation;

    private SendRules rules;

    @PostConstruct
    void start() {
        SendRules.Limits limits = new SendRules.Limits(config.textMaxChars(), config.contentMaxBytes());
        rules = new SendRules(users, groups, relations, limits, clock);
    }

    /** One receiver's outcome in a batch send: the stored message, or why it was refused. */
    public record BatchOutcome(String toId, StoredMessage message, ImException failure) {
    }

    /**
     * Validates and stores a message from {@code who}; completes after the commit. When the app
     * moderates its users' messages (the beforeSendMessage webhook), the message goes to its lane
     * once the back-end has answered: no lane and no transaction waits for the call.
     */
    public CompletionStage<StoredMessage> send(Identity who, String originSession, JsonObject body) {
        NewMessage m = rules.validate(who, body);
        // ciphertext is the users' business: the app's back-end never gets it to moderate
        Hook hook = m.msgType() == MsgType.ENCRYPTED ? null : moderation.beforeSendMessage(m.appKey());
        if (hook == null) {
            return lanes.send(m, originSession);
        }
        return moderated(hook, m).thenCompose(checked -> lanes.send(checked, originSession));
    }

    /** Validates several messages and stores them atomically (a STOMP transaction), each moderated first. */
    public CompletionStage<List<StoredMessage>> sendAll(Identity who, String originSession, List<JsonObject> bodies) {
        List<NewMessage> unit = new ArrayList<>(bodies.size());
        for (JsonObject b : bodies) {
            unit.add(rules.validate(who, b));
        }
        if (unit.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        Hook hook = moderation.beforeSendMessage(who.appKey());
        if (hook == null) {
            return lanes.sendUnit(unit, originSession);
        }
        List<CompletableFuture<NewMessage>> checked = new ArrayList<>(unit.size());
        for (NewMessage m : unit) {
            checked.add(m.msgType() == MsgType.ENCRYPTED ? CompletableFuture.completedFuture(m)
                    : moderated(hook, m).toCompletableFuture());
        }
        return CompletableFuture.allOf(checked.toArray(CompletableFuture[]::new))
                .thenCompose(all -> lanes.sendUnit(checked.stream().map(CompletableFuture::join).toList(),
                        originSession));
    }

    /** The message as the app's back-end let it through: as it is, or with the content it gave. */
    private CompletionStage<NewMessage> moderated(Hook hook, NewMessage m) {
        return moderation.moderate(hook, eventMessage(m), m, content -> rules.withContent(m, content));
    }

    /** The {@code message} of a beforeSendMessage event: the MESSAGE body's fields known before storing. */
    static String eventMessage(NewMessage m) {
        StringBuilder sb = new StringBuilder(192 + m.content().length());
        sb.append('{');
        Json.field(sb, "id", m.id());
        Json.field(sb, "messageId", m.clientMessageId());
        Json.field(sb, "fromId", m.fromId());
        Json.field(sb, "toId", m.toId());
        Json.field(sb, "chatType", m.chatType().name());
        Json.field(sb, "msgType", m.msgType().name());
        Json.field(sb, "content", m.content());
        Json.field(sb, "createdAt", m.createdAt());
        Json.field(sb, "conversationId", m.conversationId());
        return sb.append('}').toString();
    }

    /**
     * The server API's send: as {@code fromId}, an active user bound by the same rules as its own
     * sends, or as the system account ({@link SystemAccount}). Every session of the sender gets a copy.
     * A messageId already used by the sender is answered with that message when it went to the same
     * conversation (a resend), and refused with DUPLICATE when it went elsewhere.
     */
    public CompletionStage<StoredMessage> sendAs(String appKey, String fromId, JsonObject body) {
        NewMessage m = rules.validate(backendSender(appKey, fromId), body, false);
        return lanes.send(m, null).thenApply(stored -> {
            // a back-end (the system account above all) sends from many code paths: a messageId
            // reused for another conversation is a mistake to report, not a resend to answer
            if (stored.duplicate() && !stored.conversationId().equals(m.conversationId())) {
                throw new ImException(ErrorCode.DUPLICATE, "messageId " + m.clientMessageId()
                        + " of " + fromId + " was already used for a message to " + stored.toId());
            }
            return stored;
        });
    }

    /**
     * Sends the same single-chat message from {@code fromId} to each receiver, each on its own
     * (one refused receiver does not stop the others); completes when every one is decided, with
     * one outcome per distinct receiver in the order given. Each receiver's message gets its own
     * client id, derived from {@code messageId} when given so that a retried batch is stored once.
     */
    public CompletionStage<List<BatchOutcome>> batchSend(String appKey, String fromId, List<String> toIds,
            JsonObject template) {
        Identity who = backendSender(appKey, fromId);
        String messageId = Json.string(template, "messageId");
        if (messageId != null) {
            SendRules.requireClientId(messageId);
        }
        List<CompletableFuture<BatchOutcome>> outcomes = new ArrayList<>(toIds.size());
        for (String toId : new java.util.LinkedHashSet<>(toIds)) {
            JsonObjectBuilder b = jakarta.json.Json.createObjectBuilder(template)
                    .add("toId", toId).add("chatType", ChatType.SINGLE.name())
                    .add("messageId", messageId == null ? Ulids.next() : batchClientId(messageId, toId));
            try {
                outcomes.add(lanes.send(rules.validate(who, b.build(), false), null).toCompletableFuture()
                        .handle((m, err) -> new BatchOutcome(toId, m, err == null ? null : ImException.of(err))));
            } catch (ImException e) {
                outcomes.add(CompletableFuture.completedFuture(new BatchOutcome(toId, null, e)));
            }
        }
        return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                .thenApply(done -> outcomes.stream().map(CompletableFuture::join).toList());
    }

    /** A stable client id per (batch messageId, receiver): 32 characters, the same on every retry. */
    static String batchClientId(String messageId, String toId) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((messageId + "\n" + toId).getBytes(StandardCharsets.UTF_8));
            return "b-" + java.util.HexFormat.of().formatHex(h, 0, 15);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Identity backendSender(String appKey, String fromId) {
        if (fromId == null) {
            throw new ImException(ErrorCode.VALIDATION_FAILED,
                    "fromId is required: a userId, or " + SystemAccount.ID + " for the system account");
        }
        if (!SystemAccount.is(fromId)) {
            Ids.require("fromId", fromId);
            users.requireActive(appKey, fromId);
        }
        return new Identity(appKey, fromId);
    }
}
