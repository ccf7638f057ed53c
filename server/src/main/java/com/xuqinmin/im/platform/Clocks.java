package com.xuqinmin.im.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/**
 * The one clock the server's rules read the time from (mutes, the revoke window, a message's
 * createdAt): the system's, in UTC. The rules take a {@link Clock} rather than asking the system, so
 * their unit tests can hand them a fixed one.
 */
@ApplicationScoped
public class Clocks {

    // @Dependent, so no client proxy stands between a rule and the clock: the system clock is
    // immutable and shared, and a call through a proxy on every message would buy nothing
    @Produces
    Clock system() {
        return Clock.systemUTC();
    }
}
