package com.xuqinmin.im.social;

import java.util.List;

/** A page of a listing: {@code page} counts from 0, {@code total} is the whole listing's length. */
public record Page<T>(List<T> items, long total, int page, int size) {
}
