package com.xuqinmin.im.sdk;

import com.xuqinmin.im.sdk.Transport.Retry;

/**
 * The app's offline push providers and templates ({@code /api/im/admin/push}, docs/api.md §5.6):
 * read, set, remove. The APNs key and the FCM service account are sent, never read back. Thread-safe.
 */
public final class PushConfig {

    private static final String BASE = "/api/im/admin/push";

    private final Transport t;

    PushConfig(Transport t) {
        this.t = t;
    }

    /** The settings as stored (without the key and the service account); {@code NOT_FOUND} when none. */
    public PushSettings get() {
        return PushSettings.of(t.signed("GET", BASE, null, Retry.SAFE));
    }

    /** Sets the whole configuration; answers it as stored. */
    public PushSettings set(PushSettings settings) {
        return PushSettings.of(t.signed("PUT", BASE, settings.json(), Retry.SAFE));
    }

    /** Removes the settings: the server pushes nothing more for the app. */
    public void remove() {
        t.signed("DELETE", BASE, null, Retry.SAFE);
    }
}
