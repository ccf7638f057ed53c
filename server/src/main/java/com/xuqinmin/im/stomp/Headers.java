package com.xuqinmin.im.stomp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The headers of one frame, in the order they were received or are to be sent. A repeated header
 * is kept, but {@link #get(String)} answers the first one, as STOMP 1.2 requires.
 */
public final class Headers implements Iterable<Headers.Header> {

    /** One {@code name:value} pair, unescaped. */
    public record Header(String name, String value) {
        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    public static final Headers EMPTY = new Headers(List.of());

    private final List<Header> list;

    private Headers(List<Header> list) {
        this.list = list;
    }

    public static Headers of(List<Header> headers) {
        return headers.isEmpty() ? EMPTY : new Headers(Collections.unmodifiableList(new ArrayList<>(headers)));
    }

    /** Pairs given as name, value, name, value, ... */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        List<Header> l = new ArrayList<>(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            l.add(new Header(namesAndValues[i], namesAndValues[i + 1]));
        }
        return of(l);
    }

    /** The value of the first header with this name, or {@code null}. */
    public String get(String name) {
        for (int i = 0, n = list.size(); i < n; i++) {
            Header h = list.get(i);
            if (h.name.equals(name)) {
                return h.value;
            }
        }
        return null;
    }

    public boolean contains(String name) {
        return get(name) != null;
    }

    public int size() {
        return list.size();
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public List<Header> asList() {
        return list;
    }

    @Override
    public Iterator<Header> iterator() {
        return list.iterator();
    }

    /** A copy with one more header at the end. */
    public Headers with(String name, String value) {
        List<Header> l = new ArrayList<>(list.size() + 1);
        l.addAll(list);
        l.add(new Header(name, value));
        return new Headers(Collections.unmodifiableList(l));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Headers h && h.list.equals(list);
    }

    @Override
    public int hashCode() {
        return list.hashCode();
    }

    @Override
    public String toString() {
        return list.toString();
    }
}
