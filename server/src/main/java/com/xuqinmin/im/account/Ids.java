package com.xuqinmin.im.account;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import java.util.regex.Pattern;

/**
 * The shape of tenant-chosen ids (userId, groupId, deviceId, client messageId): 1 to 64 of
 * {@code [A-Za-z0-9_.@-]}. Conversation ids are built from them with {@code ':'}, which they never hold.
 */
public final class Ids {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.@\\-]{1,64}");

    private Ids() {
    }

    public static boolean valid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /**
     * Free text such as a name or a nickname: at most {@code max} characters, no control characters
     * (they break logs and clients, and are never part of a name). Returns it trimmed, or null when
     * absent and not required.
     */
    public static String text(String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, field + " is required");
            }
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, field + " must not contain control characters");
            }
        }
        String v = value.trim();
        if (v.length() > max) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, field + " must be at most " + max + " characters");
        }
        return v;
    }

    /** Returns {@code id}, or fails with VALIDATION_FAILED naming {@code field}. */
    public static String require(String field, String id) {
        if (!valid(id)) {
            throw new ImException(ErrorCode.VALIDATION_FAILED,
                    field + " must be 1 to 64 characters of A-Z a-z 0-9 _ . @ -");
        }
        return id;
    }
}
