package com.xuqinmin.im.sdk;

import java.util.Collections;
import java.util.List;

/** One page of a listing: its items, the number of items in all pages, the page number (from 0) and size. */
public final class Page<T> {

    private final List<T> items;
    private final long total;
    private final int page;
    private final int size;

    Page(List<T> items, Json.Obj o) {
        this.items = Collections.unmodifiableList(items);
        this.total = o.lng("total", 0);
        this.page = (int) o.lng("page", 0);
        this.size = (int) o.lng("size", 0);
    }

    public List<T> items() {
        return items;
    }

    public long total() {
        return total;
    }

    public int page() {
        return page;
    }

    public int size() {
        return size;
    }

    @Override
    public String toString() {
        return "Page[" + page + ", size=" + size + ", total=" + total + ", items=" + items + "]";
    }
}
