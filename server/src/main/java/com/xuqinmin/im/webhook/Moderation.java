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
                case "reject": {
                    String message = Json.string(o, "message");
                    if (message == null || message.isBlank()) {
                        message = ErrorCode.REJECTED_BY_APP.defaultMessage();
                    } else if (message.length() > MESSAGE_MAX) {
                        message = message.substring(0, MESSAGE_MAX);
                    }
                    JsonValue code = o.get("code");
                    String appCode = code == null || code.getValueType() == JsonValue.ValueType.NULL ? null
                            : code.getValueType() == JsonValue.ValueType.STRING ? Json.string(o, "code")
                            : code.toString();
                    throw new AppRejection(appCode, message);
                }
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

    private static Optional<String> failed(Hook hook, String why) {
        if (hook.failClosed()) {
            throw new ImException(ErrorCode.APP_CALLBACK_FAILED,
                    "the app's back-end did not answer (" + why + "); the message was not sent");
        }
        LOG.log(Level.FINE, () -> "beforeSendMessage of " + hook.appKey() + " failed open: " + why);
        return Optional.empty();
    }
}
