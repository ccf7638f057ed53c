package com.xuqinmin.im.account;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.ImConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Throttles logins. The consoles' password logins: a per-IP and a per-account budget per minute, and
 * — for names that match no account — the same lockout a real account gets after repeated failures,
 * so a caller cannot tell the two apart (real accounts keep their failure count in the database).
 * IM users' logins ({@code POST /api/im/auth/login}): a per-IP budget per minute of their own, apart
 * from the consoles', since many app users may share one address.
 */
@ApplicationScoped
public class LoginGuard {

    private static final long WINDOW_MILLIS = 60_000;
    private static final int MAX_TRACKED = 100_000;

    @Inject
    ImConfig config;

    private static final class Window {
        long start;
        int count;
    }

    private static final class Strikes {
        int failures;
        long lockedUntil;
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Strikes> unknown = new ConcurrentHashMap<>();

    /** Counts one console login attempt from {@code ip} for {@code account}; refuses it when either is over budget. */
    public void admit(String ip, String account) {
        long now = forgetOldWindows();
        boolean ok = take("ip:" + ip, config.loginRatePerIpPerMinute(), now)
                & take("acct:" + account, config.loginRatePerAccountPerMinute(), now);
        if (!ok) {
            throw new ImException(ErrorCode.RATE_LIMITED, "too many login attempts; wait a minute");
        }
    }

    /** Counts one IM user login from {@code ip}; refuses it over {@code IM_USER_LOGIN_RATE_PER_IP} a minute. */
    public void admitUserLogin(String ip) {
        long now = forgetOldWindows();
        if (!take("user-ip:" + ip, config.userLoginRatePerIpPerMinute(), now)) {
            throw new ImException(ErrorCode.RATE_LIMITED, "too many login attempts; wait a minute");
        }
    }

    private long forgetOldWindows() {
        long now = System.currentTimeMillis();
        if (windows.size() > MAX_TRACKED) {
            windows.values().removeIf(w -> now - w.start > WINDOW_MILLIS);
        }
        return now;
    }

    private boolean take(String key, int limit, long now) {
        Window w = windows.computeIfAbsent(key, k -> new Window());
        synchronized (w) {
            if (now - w.start > WINDOW_MILLIS) {
                w.start = now;
                w.count = 0;
            }
            return ++w.count <= limit;
        }
    }

    /** Whether a name without an account is locked, as a real one would be. */
    public boolean unknownLocked(String account) {
        Strikes s = unknown.get(account);
        return s != null && s.lockedUntil > System.currentTimeMillis();
    }

    /** Records a failed login for a name without an account. */
    public void unknownFailed(String account) {
        if (unknown.size() > MAX_TRACKED) {
            long now = System.currentTimeMillis();
            unknown.values().removeIf(s -> s.lockedUntil < now);
        }
        Strikes s = unknown.computeIfAbsent(account, k -> new Strikes());
        synchronized (s) {
            if (++s.failures >= config.loginMaxFailures()) {
                s.failures = 0;
                s.lockedUntil = System.currentTimeMillis() + config.loginLockSeconds() * 1000;
            }
        }
    }

    /** Applies a failure to a real account: after too many, it is locked for a while. */
    public void failed(Account a) {
        int n = a.getFailedLogins() + 1;
        if (n >= config.loginMaxFailures()) {
            a.setFailedLogins(0);
            a.setLockedUntil(System.currentTimeMillis() + config.loginLockSeconds() * 1000);
        } else {
            a.setFailedLogins(n);
        }
    }

    public static boolean locked(Account a) {
        return a.getLockedUntil() != null && a.getLockedUntil() > System.currentTimeMillis();
    }
}
