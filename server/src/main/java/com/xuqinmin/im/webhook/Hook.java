package com.xuqinmin.im.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/** An app's webhook as the hot paths read it (cached by {@link Hooks}). */
public record Hook(String appKey, URI url, Set<HookEvent> events, Duration timeout, boolean failClosed) {

    public boolean wants(HookEvent e) {
        return events.contains(e);
    }

    static Hook of(Webhook w) {
        return new Hook(w.getAppKey(), URI.create(w.getUrl()), parse(w.getEvents()),
                Duration.ofMillis(w.getTimeoutMillis()), w.isFailClosed());
    }

    static Set<HookEvent> parse(String csv) {
        EnumSet<HookEvent> out = EnumSet.noneOf(HookEvent.class);
        Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .forEach(s -> HookEvent.ofWire(s).ifPresent(out::add));
        return out;
    }
}
