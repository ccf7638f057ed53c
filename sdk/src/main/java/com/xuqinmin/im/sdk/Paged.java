package com.xuqinmin.im.sdk;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/** Iterates items that are fetched a page at a time, only as the iteration reaches them. */
final class Paged<T> implements Iterator<T> {

    private final Supplier<List<T>> nextPage;
    private Iterator<T> page = Collections.emptyIterator();
    private boolean done;

    /** {@code nextPage} answers the next page, or null when there is none. */
    Paged(Supplier<List<T>> nextPage) {
        this.nextPage = nextPage;
    }

    @Override
    public boolean hasNext() {
        while (!page.hasNext() && !done) {
            List<T> p = nextPage.get();
            if (p == null) {
                done = true;
            } else {
                page = p.iterator();
            }
        }
        return page.hasNext();
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.next();
    }
}
