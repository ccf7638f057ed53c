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
     * (they break logs and clients, and are never part of a name), no bidirectional formatting
     * characters (U+202E and its kin reorder what a reader sees: "txt.exe" shown as "exe.txt") and no
     * unpaired surrogate. Joiners (U+200D, emoji sequences) are allowed. Returns it trimmed, or null
     * when absent or blank and not required. Every path that writes a name or a profile field uses it.
     */
    public static String text(String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, field + " is required");
            }
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, field + " must not contain control characters");
            }
            if (bidiControl(c)) {
                throw new ImException(ErrorCode.VALIDATION_FAILED,
                        field + " must not contain bidirectional formatting characters (U+" + Integer.toHexString(c).toUpperCase() + ")");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, field + " must be valid Unicode text");
            }
        }
        String v = value.trim();
        if (v.length() > max) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, field + " must be at most " + max + " characters");
        }
        return v;
    }

    /** U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069: the characters that override text direction. */
    static boolean bidiControl(char c) {
        return c == '\u061C' || c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069');
    }

    /**
     * A link a client will fetch, such as an avatar: an absolute {@code http} or {@code https} URL
     * with a host, at most {@code max} characters, nothing else ({@code javascript:}, {@code data:},
     * {@code file:} are refused). Returns it trimmed, or null when absent or blank.
     */
    public static String url(String field, String value, int max) {
        String v = text(field, value, max, false);
        if (v == null) {
            return null;
        }
        java.net.URI uri;
        try {
            uri = new java.net.URI(v);
        } catch (java.net.URISyntaxException e) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, field + " must be an http or https URL");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, field + " must be an http or https URL");
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
