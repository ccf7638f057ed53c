package com.xuqinmin.im.auth;

import com.xuqinmin.im.account.AppDirectory;
import com.xuqinmin.im.account.AppInfo;
import com.xuqinmin.im.account.Ids;
import com.xuqinmin.im.account.LoginGuard;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The demo chat's sign-in: a userSig of the demo app ({@code ak_demo_chat}) for whoever asks, so the
 * page at {@code /} can chat without a back-end of its own. It exists only while the demo is open
 * (the embedded mode with {@code IM_DEMO} on, opened by start-up); otherwise every call is 404. It
 * never signs for any other app.
 */
@ApplicationScoped
public class DemoUsers {

    public static final String APP_KEY = "ak_demo_chat";

    /** How long a demo userSig lives: long enough for a demo, short enough to be worthless later. */
    static final long TTL_SECONDS = 3600;

    @Inject
    AppDirectory apps;

    @Inject
    LoginGuard guard;

    private volatile boolean open;

    /** A userSig of the demo app and when it expires (Unix ms). */
    public record DemoSig(String appKey, String userId, String userSig, long expiresAt) {
    }

    /** Called by start-up once the demo app exists and the configuration allows the demo. */
    public void open() {
        open = true;
    }

    public boolean isOpen() {
        return open;
    }

    /** Mints a userSig of the demo app for {@code userId}, asked from {@code ip} (counted as a login). */
    public DemoSig userSig(String userId, String ip) {
        if (!open) {
            throw new ImException(ErrorCode.NOT_FOUND, "the demo is off on this server (IM_DEMO)");
        }
        guard.admitUserLogin(ip);
        Ids.require("userId", userId);
        AppInfo app = apps.find(APP_KEY).filter(AppInfo::active)
                .orElseThrow(() -> new ImException(ErrorCode.NOT_FOUND, "the demo app is missing or disabled"));
        long now = System.currentTimeMillis() / 1000;
        String sig = UserSig.mint(APP_KEY, app.secrets().get(0), userId, now, TTL_SECONDS);
        return new DemoSig(APP_KEY, userId, sig, (now + TTL_SECONDS) * 1000);
    }
}
