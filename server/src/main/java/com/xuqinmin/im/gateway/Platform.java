package com.xuqinmin.im.gateway;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import java.util.Locale;

/**
 * The platform a session says it runs on (the CONNECT header {@code platform}, PROTOCOL.md §2), which
 * an app's device policy counts sessions by. A client that does not say is taken as {@code web}, as
 * the seed's browser client is.
 */
enum Platform {
    IOS(true), ANDROID(true), PAD(true), DESKTOP(false), WEB(false);

    private final boolean mobile;

    Platform(boolean mobile) {
        this.mobile = mobile;
    }

    /** ios, android and pad are mobile; desktop and web are not. */
    boolean mobile() {
        return mobile;
    }

    /** The name clients send and the server answers with. */
    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The CONNECT header's value; {@code null} or empty: web. */
    static Platform parse(String header) {
        if (header == null || header.isEmpty()) {
            return WEB;
        }
        for (Platform p : values()) {
            if (p.wire().equals(header)) {
                return p;
            }
        }
        throw new ImException(ErrorCode.VALIDATION_FAILED, "platform must be one of ios, android, pad, desktop, web");
    }

    /** A stored name ({@link #wire()}); anything else, or nothing, as web (a session of an older node). */
    static Platform stored(String name) {
        for (Platform p : values()) {
            if (p.wire().equals(name)) {
                return p;
            }
        }
        return WEB;
    }
}
