package com.xuqinmin.im.api;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;

/** The {@code page} and {@code size} query parameters of listing endpoints: size at most 100. */
public record Paging(int page, int size) {

    public static final int MAX_SIZE = 100;

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
