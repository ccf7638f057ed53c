package com.xuqinmin.im.webhook;

import com.xuqinmin.im.error.AppRejection;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.Json;
import com.xuqinmin.im.platform.Ulids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The before-events: asks an app's back-end whether a message may be sent, before it is stored.
 * The call is asynchronous (no thread waits for it) and made before the message reaches its
 * conversation's lane, so a slow back-end holds up only its own messages. The answer allows the
 * message, rejects it ({@link AppRejection}, with the tenant's code and message) or replaces its
 * content; no usable answer in time (error, timeout, open circuit, too many calls in flight) is
 * the app's failure policy: failOpen sends the message as it is, failClosed refuses it with
 * {@code APP_CALLBACK_FAILED}.
 */
@ApplicationScoped
public class Moderation {

    private static final Logger LOG = Logger.getLogger(Moderation.class.getName());

    /** The longest rejection message passed on to the sender. */
    static final int MESSAGE_MAX = 256;

    @Inject
    Hooks hooks;

    @Inject
    WebhookCaller caller;

    /** The app's hook when it moderates messages, else null (the caller then sends as before). */
    public Hook beforeSendMessage(String appKey) {
        return hooks.enabled(appKey, HookEvent.BEFORE_SEND_MESSAGE);
    }

    /**
     * Asks the back-end about one message ({@code messageJson}: the fields the event's
     * {@code message} carries); completes with the content to store instead, or empty to store it
     * as it is, or exceptionally with the refusal.
     */
    public CompletionStage<Optional<String>> moderate(Hook hook, String messageJson) {
        String eventId = Ulids.next();
        long now = System.currentTimeMillis();
        StringBuilder sb = new StringBuilder(128 + messageJson.length());
        sb.append('{');
        Json.field(sb, "event", HookEvent.BEFORE_SEND_MESSAGE.wire());
        Json.field(sb, "appKey", hook.appKey());
        Json.field(sb, "eventId", eventId);
        Json.field(sb, "timestamp", now);
        sb.append(",\"message\":").append(messageJson).append('}');
        return caller.call(hook, HookEvent.BEFORE_SEND_MESSAGE, eventId, sb.toString()).handle((answer, err) -> {
            if (err != null) {
                return failed(hook, err.getMessage());
            }
            JsonObject o;
            try {
                o = answer.body().isBlank() ? JsonValue.EMPTY_JSON_OBJECT
                        : Json.parseObject(answer.body().getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException notJson) {
                return failed(hook, "the answer is not a JSON object");
            }
            String action = o.containsKey("action") ? Json.string(o, "action") : "allow";
            switch (action == null ? "" : action) {
                case "allow":
                    return Optional.<String>empty();
                case "reject":
                    throw rejection(o);
                case "replace": {
                    String content = o.get("content") instanceof jakarta.json.JsonString s ? s.getString() : null;
                    if (content == null) {
                        return failed(hook, "a replace answer without a string content");
                    }
                    return Optional.of(content);
                }
                default:
                    return failed(hook, "unknown action " + action);
            }
        });
    }

    /**
     * {@link #moderate} of {@code original}, whose content the back-end may replace: completes with
     * {@code original}, or with {@code withContent} of the back-end's content, or exceptionally with the
     * refusal. A replacement that {@code withContent} refuses (the send's content rules) is the
     * back-end's failure, {@code APP_CALLBACK_FAILED}, whatever the failure policy.
     */
    public <T> CompletionStage<T> moderate(Hook hook, String messageJson, T original,
            Function<String, T> withContent) {
        return moderate(hook, messageJson).thenApply(replacement -> {
            if (replacement.isEmpty()) {
                return original;
            }
            try {
                return withContent.apply(replacement.get());
            } catch (ImException e) {
                throw new ImException(ErrorCode.APP_CALLBACK_FAILED,
                        "the app's back-end replaced the content with one that is refused: " + e.getMessage());
            }
        });
    }

    /** Whether the app enabled the before-event {@code e} (one cache hit). */
    public boolean wants(String appKey, HookEvent e) {
        return hooks.enabled(appKey, e) != null;
    }

    /**
     * A before-event other than a message's ({@code beforeAddFriend}, {@code beforeJoinGroup}): asks
     * the app's back-end, when it enabled the event, whether the request may go on, and waits for the
     * answer (at most the hook's timeout). Returns when it may; throws {@link AppRejection} when the
     * back-end refused, or {@code APP_CALLBACK_FAILED} when it did not answer and the app fails
     * closed. Call it from a request's own thread, before its transaction (never on a lane).
     * {@code fields}: the event's members after the common ones.
     */
    public void check(String appKey, HookEvent event, String fields) {
        Hook hook = hooks.enabled(appKey, event);
        if (hook == null) {
            return;
        }
        String eventId = Ulids.next();
        StringBuilder sb = new StringBuilder(128 + fields.length());
        sb.append('{');
        Json.field(sb, "event", event.wire());
        Json.field(sb, "appKey", appKey);
        Json.field(sb, "eventId", eventId);
        Json.field(sb, "timestamp", System.currentTimeMillis());
        sb.append(',').append(fields).append('}');
        WebhookCaller.Answer answer;
        try {
            answer = caller.call(hook, event, eventId, sb.toString())
                    .get(hook.timeout().toMillis() + 1000, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            refuseIfClosed(hook, event, e.getCause() == null ? "error" : e.getCause().getMessage());
            return;
        } catch (java.util.concurrent.TimeoutException e) {
            refuseIfClosed(hook, event, "no answer in time");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImException(ErrorCode.SERVICE_UNAVAILABLE, "interrupted");
        }
        JsonObject o;
        try {
            o = answer.body().isBlank() ? JsonValue.EMPTY_JSON_OBJECT
                    : Json.parseObject(answer.body().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException notJson) {
            refuseIfClosed(hook, event, "the answer is not a JSON object");
            return;
        }
        String action = o.containsKey("action") ? Json.string(o, "action") : "allow";
        if ("allow".equals(action)) {
            return;
        }
        if ("reject".equals(action)) {
            throw rejection(o);
        }
        refuseIfClosed(hook, event, "unknown action " + action);
    }

    private static void refuseIfClosed(Hook hook, HookEvent event, String why) {
        if (hook.failClosed()) {
            throw new ImException(ErrorCode.APP_CALLBACK_FAILED,
                    "the app's back-end did not answer (" + why + "); the request was refused");
        }
        LOG.log(Level.FINE, () -> event.wire() + " of " + hook.appKey() + " failed open: " + why);
    }

    /** The back-end's refusal: its message (or the default), cut to {@link #MESSAGE_MAX}, and its code. */
    private static AppRejection rejection(JsonObject o) {
        String message = Json.string(o, "message");
        if (message == null || message.isBlank()) {
            message = ErrorCode.REJECTED_BY_APP.defaultMessage();
        } else if (message.length() > MESSAGE_MAX) {
            message = message.substring(0, MESSAGE_MAX);
        }
        JsonValue code = o.get("code");
        String appCode = code == null || code.getValueType() == JsonValue.ValueType.NULL ? null
                : code.getValueType() == JsonValue.ValueType.STRING ? Json.string(o, "code") : code.toString();
        return new AppRejection(appCode, message);
    }

    private static Optional<String> failed(Hook hook, String why) {
        if (hook.failClosed()) {
            throw new ImException(ErrorCode.APP_CALLBACK_FAILED,
                    "the app's back-end did not answer (" + why + "); the message was not sent");
        }
        LOG.log(Level.FINE, () -> "beforeSendMessage of " + hook.appKey() + " failed open: " + why);
        return Optional.empty();
    }
}
