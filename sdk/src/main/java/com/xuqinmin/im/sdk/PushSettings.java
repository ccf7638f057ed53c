package com.xuqinmin.im.sdk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The app's offline push settings (docs/api.md §5.6): APNs with a .p8 token key, FCM with a service
 * account, the title and body templates ({@code {senderNickname}}, {@code {content}},
 * {@code {groupName}}, …) and whether the content is hidden. Made with {@link #create()}; immutable.
 * Read from the server, {@link #apnsKeyId()} etc. show what is stored, never the key itself.
 */
public final class PushSettings {

    private final Map<String, Object> apns;
    private final Map<String, Object> fcm;
    private final String titleTemplate;
    private final String bodyTemplate;
    private final boolean hideContent;
    private final long updatedAt;

    private PushSettings(Map<String, Object> apns, Map<String, Object> fcm, String titleTemplate, String bodyTemplate,
            boolean hideContent, long updatedAt) {
        this.apns = apns;
        this.fcm = fcm;
        this.titleTemplate = titleTemplate;
        this.bodyTemplate = bodyTemplate;
        this.hideContent = hideContent;
        this.updatedAt = updatedAt;
    }

    /** No provider, the default templates ({@code {senderNickname}} / {@code {content}}), content shown. */
    public static PushSettings create() {
        return new PushSettings(null, null, null, null, false, 0);
    }

    /**
     * The same, with APNs: the key's id, the team id, the bundle id ({@code apns-topic}), the .p8
     * file's text (null to keep the stored key), and production or sandbox.
     */
    public PushSettings apns(String keyId, String teamId, String topic, String p8, boolean production) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("keyId", keyId);
        a.put("teamId", teamId);
        a.put("topic", topic);
        if (p8 != null) {
            a.put("privateKey", p8);
        }
        a.put("production", production);
        return new PushSettings(a, fcm, titleTemplate, bodyTemplate, hideContent, updatedAt);
    }

    /** The same, with FCM: the Firebase project and the service account's JSON key file's text (null to keep it). */
    public PushSettings fcm(String projectId, String serviceAccountJson) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("projectId", projectId);
        if (serviceAccountJson != null) {
            f.put("serviceAccount", serviceAccountJson);
        }
        return new PushSettings(apns, f, titleTemplate, bodyTemplate, hideContent, updatedAt);
    }

    /** The same, with these templates (null: the default). */
    public PushSettings templates(String title, String body) {
        return new PushSettings(apns, fcm, title, body, hideContent, updatedAt);
    }

    /** The same, with the content hidden ("You have a new message") or shown. */
    public PushSettings hideContent(boolean hide) {
        return new PushSettings(apns, fcm, titleTemplate, bodyTemplate, hide, updatedAt);
    }

    static PushSettings of(Json.Obj o) {
        Json.Obj a = o.obj("apns");
        Json.Obj f = o.obj("fcm");
        Map<String, Object> apns = null;
        if (a != null) {
            apns = new LinkedHashMap<>();
            apns.put("keyId", a.str("keyId"));
            apns.put("teamId", a.str("teamId"));
            apns.put("topic", a.str("topic"));
            apns.put("production", a.bool("production"));
        }
        Map<String, Object> fcm = null;
        if (f != null) {
            fcm = new LinkedHashMap<>();
            fcm.put("projectId", f.str("projectId"));
            fcm.put("clientEmail", f.str("clientEmail"));
        }
        return new PushSettings(apns, fcm, o.str("titleTemplate"), o.str("bodyTemplate"), o.bool("hideContent"),
                o.lng("updatedAt", 0));
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (apns != null) {
            m.put("apns", apns);
        }
        if (fcm != null) {
            Map<String, Object> f = new LinkedHashMap<>(fcm);
            f.remove("clientEmail");
            m.put("fcm", f);
        }
        if (titleTemplate != null) {
            m.put("titleTemplate", titleTemplate);
        }
        if (bodyTemplate != null) {
            m.put("bodyTemplate", bodyTemplate);
        }
        m.put("hideContent", hideContent);
        return m;
    }

    /** The APNs key id, or null without APNs. */
    public String apnsKeyId() {
        return apns == null ? null : (String) apns.get("keyId");
    }

    public String apnsTopic() {
        return apns == null ? null : (String) apns.get("topic");
    }

    /** The FCM project, or null without FCM. */
    public String fcmProjectId() {
        return fcm == null ? null : (String) fcm.get("projectId");
    }

    /** The service account's e-mail (read from the server only). */
    public String fcmClientEmail() {
        return fcm == null ? null : (String) fcm.get("clientEmail");
    }

    public String titleTemplate() {
        return titleTemplate;
    }

    public String bodyTemplate() {
        return bodyTemplate;
    }

    public boolean hideContent() {
        return hideContent;
    }

    /** Unix ms of the last change (0 in settings not read from the server). */
    public long updatedAt() {
        return updatedAt;
    }

    @Override
    public String toString() {
        return "PushSettings[apns=" + apnsKeyId() + ", fcm=" + fcmProjectId() + ", title=" + titleTemplate + ", body="
                + bodyTemplate + (hideContent ? ", content hidden" : "") + "]";
    }
}
