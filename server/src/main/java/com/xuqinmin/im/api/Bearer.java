package com.xuqinmin.im.api;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;

/** Reads {@code Authorization: Bearer <token>}. */
final class Bearer {

    private Bearer() {
    }

    /** The token, or UNAUTHORIZED when the header is missing or not a bearer token. */
    static String token(String authorization) {
        String t = tokenOrNull(authorization);
        if (t == null) {
            throw new ImException(ErrorCode.UNAUTHORIZED, "Authorization: Bearer <token> is required");
        }
        return t;
    }

    static String tokenOrNull(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String t = authorization.substring(7).trim();
        return t.isEmpty() ? null : t;
    }
}
