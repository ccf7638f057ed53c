package com.xuqinmin.im.sdk;

import java.nio.charset.StandardCharsets;

/** Builds the paths and queries of calls, percent-encoding what callers pass in. */
final class Paths {

    private Paths() {
    }

    /** One path segment: everything but RFC 3986's unreserved characters is percent-encoded. */
    static String seg(String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("an id must not be empty");
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                sb.append(c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
