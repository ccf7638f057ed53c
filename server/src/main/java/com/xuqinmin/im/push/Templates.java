package com.xuqinmin.im.push;

import java.util.Map;

/**
 * Fills a push title or body template: {@code {name}} is replaced by the value of {@code name}
 * (an empty string for a known name without a value, e.g. {@code {groupName}} in a single chat);
 * an unknown name stays as it was written.
 */
public final class Templates {

    /** The longest title or body sent; APNs allows 4 KiB for the whole payload. */
    static final int MAX_CHARS = 512;

    private Templates() {
    }

    public static String render(String template, Map<String, String> values) {
        StringBuilder out = new StringBuilder(template.length() + 64);
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            int close = c == '{' ? template.indexOf('}', i + 1) : -1;
            if (close > i + 1 && values.containsKey(template.substring(i + 1, close))) {
                String v = values.get(template.substring(i + 1, close));
                out.append(v == null ? "" : v);
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.length() > MAX_CHARS ? out.substring(0, MAX_CHARS - 1) + "\u2026" : out.toString();
    }
}
