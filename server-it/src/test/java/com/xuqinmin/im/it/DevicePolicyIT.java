package com.xuqinmin.im.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xuqinmin.im.auth.UserSig;
import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The app's device policy over real WebSockets (PROTOCOL.md §1, "Sessions per user and the app's
 * device policy"): the CONNECT header {@code platform}, and which older sessions a new one closes
 * under each policy, each told with an ERROR naming the reason before the close.
 */
class DevicePolicyIT {

    private static final Duration QUIET = Duration.ofMillis(700);

    private static Console.App app(String policy) {
        Console.Tenant t = Console.newTenant();
        Console.App app = Console.newApp(t);
        if (policy != null) {
            Admin.Reply r = Admin.send("PUT", "/api/im/admin/app/settings", "{\"devicePolicy\":\"" + policy + "\"}",
                    app.appKey(), app.secret(), System.currentTimeMillis(), Admin.nonce());
            assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
            assertThat(r.data().getString("devicePolicy")).isEqualTo(policy);
        }
        return app;
    }

    /** CONNECT as {@code userId} of the app on a platform ({@code null}: no header); waits for CONNECTED. */
    private static StompClient on(Console.App app, String userId, String device, String platform) {
        StompClient c = StompClient.open(null);
        String token = UserSig.mint(app.appKey(), app.secret(), userId, System.currentTimeMillis() / 1000, 3600);
        c.sendText("CONNECT\naccept-version:1.2\nheart-beat:0,0\nhost:localhost\nAuthorization:Bearer " + token
                + "\ndevice-id:" + device + (platform == null ? "" : "\nplatform:" + platform) + "\n\n\0");
        Frame f = c.next();
        assertThat(f.command()).as(f + " " + f.bodyText()).isEqualTo(Command.CONNECTED);
        assertThat(f.header("platform")).isEqualTo(platform == null ? "web" : platform);
        return c;
    }

    /** The session was closed for the policy: ERROR Kicked with this reason, then close 1008. */
    private static void assertKicked(StompClient c, String reason) {
        Frame error = c.awaitError();
        assertThat(error.header("message")).isEqualTo("Kicked");
        assertThat(error.header("error")).isEqualTo("KICKED");
        assertThat(error.bodyText()).isEqualTo(reason);
        assertThat(c.awaitClose()).isEqualTo(1008);
    }

    /** Still open and served: a SUBSCRIBE with a receipt is answered. */
    private static void assertServed(StompClient c) {
        c.sendText("SUBSCRIBE\nid:alive" + System.nanoTime() + "\ndestination:/user/queue/errors\nreceipt:alive\n\n\0");
        c.awaitReceipt("alive");
        assertThat(c.isClosed()).isFalse();
    }

    @Test
    void one_per_platform_closes_the_older_session_on_the_same_platform_and_keeps_the_others() {
        Console.App app = app("ONE_PER_PLATFORM");
        try (StompClient phone = on(app, "alice", "phone1", "ios");
             StompClient laptop = on(app, "alice", "laptop", "desktop");
             StompClient bobPhone = on(app, "bob", "phone", "ios")) {
            try (StompClient phone2 = on(app, "alice", "phone2", "ios")) {
                assertKicked(phone, "logged in on another ios device (one session per platform)");
                laptop.expectNone(f -> f.command() == Command.ERROR, QUIET);
                assertServed(laptop);
                assertServed(phone2);
                assertServed(bobPhone); // another user's session on the same platform is not counted
            }
        }
    }

    @Test
    void mobile_or_desktop_one_keeps_one_mobile_and_one_desktop_session() {
        Console.App app = app("MOBILE_OR_DESKTOP_ONE");
        try (StompClient phone = on(app, "alice", "phone", "ios");
             StompClient desktop = on(app, "alice", "desktop", "desktop")) {
            assertServed(phone);
            try (StompClient tablet = on(app, "alice", "tablet", "pad");
                 StompClient browser = on(app, "alice", "browser", null)) { // no platform: web, a desktop kind
                assertKicked(phone, "logged in on another mobile device (one mobile and one desktop session)");
                assertKicked(desktop, "logged in on another desktop device (one mobile and one desktop session)");
                assertServed(tablet);
                assertServed(browser);
            }
        }
    }

    @Test
    void single_keeps_only_the_newest_session_whatever_its_platform() {
        Console.App app = app("SINGLE");
        try (StompClient a = on(app, "alice", "d1", "android");
             StompClient b = on(app, "alice", "d2", "web")) {
            assertKicked(a, "logged in on another device (one session at a time)");
            try (StompClient c = on(app, "alice", "d3", "desktop")) {
                assertKicked(b, "logged in on another device (one session at a time)");
                assertServed(c);
            }
        }
    }

    @Test
    void multi_is_the_default_and_keeps_sessions_on_the_same_platform() {
        Console.App app = app(null);
        Admin.Reply r = Admin.send("GET", "/api/im/admin/app/settings", null, app.appKey(), app.secret(),
                System.currentTimeMillis(), Admin.nonce());
        assertThat(r.data().getString("devicePolicy")).isEqualTo("MULTI");
        try (StompClient a = on(app, "alice", "d1", "ios");
             StompClient b = on(app, "alice", "d2", "ios")) {
            a.expectNone(f -> f.command() == Command.ERROR, QUIET);
            assertServed(a);
            assertServed(b);
        }
    }

    @Test
    void an_unknown_platform_or_policy_is_refused_with_a_clear_error() {
        Console.App app = app(null);
        StompClient c = StompClient.open(null);
        String token = UserSig.mint(app.appKey(), app.secret(), "alice", System.currentTimeMillis() / 1000, 3600);
        c.sendText("CONNECT\naccept-version:1.2\nAuthorization:Bearer " + token + "\nplatform:symbian\n\n\0");
        Frame error = c.awaitError();
        assertThat(error.header("error")).isEqualTo("VALIDATION_FAILED");
        assertThat(error.bodyText()).contains("platform must be one of ios, android, pad, desktop, web");
        c.awaitClose();

        Admin.Reply r = Admin.send("PUT", "/api/im/admin/app/settings", "{\"devicePolicy\":\"TWO\"}", app.appKey(),
                app.secret(), System.currentTimeMillis(), Admin.nonce());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().getString("error")).isEqualTo("VALIDATION_FAILED");
        assertThat(r.body().getString("message"))
                .isEqualTo("devicePolicy must be one of MULTI, ONE_PER_PLATFORM, MOBILE_OR_DESKTOP_ONE, SINGLE");
    }
}
