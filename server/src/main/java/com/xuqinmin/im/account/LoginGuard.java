package com.xuqinmin.im.account;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.ImConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Throttles password logins: a per-IP and a per-account budget per minute, and — for names that
 * match no account — the same lockout a real account gets after repeated failures, so a caller
 * cannot tell the two apart. (Real accounts keep their failure count in the database.)
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

    /** Counts one attempt from {@code ip} for {@code account}; refuses it when either is over budget. */
    public void admit(String ip, String account) {
        long now = System.currentTimeMillis();
        if (windows.size() > MAX_TRACKED) {
            windows.values().removeIf(w -> now - w.start > WINDOW_MILLIS);
        }
        boolean ok = take("ip:" + ip, config.loginRatePerIpPerMinute(), now)
                & take("acct:" + account, config.loginRatePerAccountPerMinute(), now);
        if (!ok) {
            throw new ImException(ErrorCode.RATE_LIMITED, "too many login attempts; wait a minute");
        }
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
