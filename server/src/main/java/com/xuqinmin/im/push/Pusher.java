package com.xuqinmin.im.push;

import com.xuqinmin.im.account.PushDevices;
import com.xuqinmin.im.platform.QuietLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Sends one message's notification to one offline user's devices through the app's providers: an
 * {@code ios} device through APNs, an {@code android} or {@code web} one through FCM, a device whose
 * provider the app did not configure not at all. A token the provider calls invalid is removed
 * from the user's devices; other failures are logged once a minute, not once per push. Runs on the
 * offline push workers (never on a lane, never in a transaction) and blocks them for each call.
 */
@ApplicationScoped
public class Pusher {

    private static final Logger LOG = Logger.getLogger(Pusher.class.getName());

    /** The body of a notification whose app hides the content. */
    public static final String HIDDEN_BODY = "You have a new message";

    @Inject
    PushSettings settings;

    @Inject
    Providers providers;

    @Inject
    PushDevices devices;

    private final QuietLog failures = new QuietLog(LOG, 60_000);

    /** A stored message as a notification tells of it. */
    public record Message(String conversationId, String messageId, String senderId, String senderNickname,
            String groupName, String msgType, String content) {
    }

    /** Whether the app has a push provider configured for a device of this platform. */
    public boolean covers(String appKey, String platform) {
        return settings.find(appKey).map(p -> platform.equals("ios") ? p.apns() != null : p.fcm() != null)
                .orElse(false);
    }

    /** Whether the app configured any provider. */
    public boolean configured(String appKey) {
        return settings.find(appKey).map(p -> p.apns() != null || p.fcm() != null).orElse(false);
    }

    /** Sends {@code m} to the user's devices, with {@code badge} (the user's total unread); answers how many went out. */
    public int push(String appKey, String userId, List<PushDevices.Device> to, Message m, long badge) {
        PushSettings.AppPush app = settings.find(appKey).orElse(null);
        if (app == null) {
            return 0;
        }
        Providers.Notification n = notification(app, m, badge);
        int sent = 0;
        for (PushDevices.Device d : to) {
            boolean ios = d.platform().equals("ios");
            if (ios ? app.apns() == null : app.fcm() == null) {
                continue;
            }
            Providers.Result r = send(app, ios, d.pushToken(), n);
            switch (r.outcome()) {
                case SENT -> sent++;
                case INVALID_TOKEN -> {
                    if (devices.forgetToken(appKey, userId, d.deviceId(), d.pushToken())) {
                        LOG.fine(() -> "push token of " + appKey + "/" + userId + "/" + d.deviceId() + " removed: "
                                + r.reason());
                    }
                }
                case FAILED -> failures.warn("offline push of app " + appKey + " failed: " + r.reason());
            }
        }
        return sent;
    }

    private Providers.Result send(PushSettings.AppPush app, boolean ios, String token, Providers.Notification n) {
        try {
            return ios ? providers.apns(app, token, n) : providers.fcm(app, token, n);
        } catch (RuntimeException e) {
            return new Providers.Result(Providers.Outcome.FAILED, e.toString());
        }
    }

    static Providers.Notification notification(PushSettings.AppPush app, Message m, long badge) {
        if (app.hideContent()) {
            return new Providers.Notification(null, HIDDEN_BODY, badge, m.conversationId(), m.messageId());
        }
        Map<String, String> values = new HashMap<>();
        values.put("senderNickname", m.senderNickname() == null || m.senderNickname().isBlank() ? m.senderId()
                : m.senderNickname());
        values.put("senderId", m.senderId());
        values.put("groupName", m.groupName());
        values.put("msgType", m.msgType());
        values.put("content", "TEXT".equals(m.msgType()) ? m.content()
                : "[" + m.msgType().toLowerCase(java.util.Locale.ROOT) + "]");
        String title = Templates.render(app.titleTemplate(), values);
        return new Providers.Notification(title.isBlank() ? null : title, Templates.render(app.bodyTemplate(), values),
                badge, m.conversationId(), m.messageId());
    }
}
