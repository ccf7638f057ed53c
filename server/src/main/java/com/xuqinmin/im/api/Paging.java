package com.xuqinmin.im.api;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;

/** The {@code page} and {@code size} query parameters of listing endpoints: size at most 100. */
public record Paging(int page, int size) {

    public static final int MAX_SIZE = 100;

    /** From the raw query parameters: a value that is not a number is a VALIDATION_FAILED naming it. */
    static Paging of(String page, String size) {
        return of(integer("page", page), integer("size", size));
    }

    /** As {@link #number}, clamped to the range of an int (the callers' own checks then name the bound). */
    static Integer integer(String field, String value) {
        Long n = number(field, value);
        return n == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n));
    }

    /**
     * An integer query parameter, {@code null} when absent. Read from the raw string: JAX-RS answers
     * a failed conversion of a typed parameter with 404, which would read as "no such endpoint".
     */
    static Long number(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, field + " must be an integer");
        }
    }

    static Paging of(Integer page, Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? 20 : size;
        if (p < 0 || p > 100_000) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "page must be 0 or more");
        }
        if (s < 1 || s > MAX_SIZE) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "size must be 1 to " + MAX_SIZE);
        }
        return new Paging(p, s);
    }
}
