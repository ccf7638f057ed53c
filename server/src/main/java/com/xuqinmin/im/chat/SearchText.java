package com.xuqinmin.im.chat;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The text of a message search ({@code q}), split into what each database matches (docs/api.md,
 * "Searching messages"). The words of q must all occur in a message; a word is a run of q between
 * spaces.
 *
 * <p>On PostgreSQL a word with a letter or digit and no CJK character is looked up in the full-text
 * index ({@code to_tsvector('simple', im_search_text(content))}, migration V19): a whole word,
 * case-insensitive, no stemming. Chinese, Japanese and Korean text has no spaces between words, so a
 * word with CJK characters is looked up by its overlapping pairs of characters (bigrams: "世界" in
 * "你好世界"), which the same index holds, and then checked as a substring (ILIKE), which the trigram
 * index serves too when pg_trgm is there. A single CJK character has no bigram: it is only a
 * substring test over the other conditions' rows (docs/api.md says so). H2 matches every word as a
 * case-insensitive substring (a scan, for the embedded single node).
 */
public final class SearchText {

    /** The longest {@code q}, in characters. */
    public static final int MAX_LENGTH = 100;

    /** The most words one q may have (each is a condition of the query). */
    static final int MAX_WORDS = 10;

    private final List<String> words;

    private SearchText(List<String> words) {
        this.words = words;
    }

    /** Parses {@code q}: VALIDATION_FAILED when it is missing, blank, too long or has too many words. */
    public static SearchText parse(String q) {
        if (q == null || q.isBlank()) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "q is required: the text to search for");
        }
        if (q.codePointCount(0, q.length()) > MAX_LENGTH) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "q must be at most " + MAX_LENGTH + " characters");
        }
        Set<String> words = new LinkedHashSet<>();
        for (String w : q.strip().split("\\s+")) {
            words.add(w.toLowerCase(Locale.ROOT));
        }
        if (words.size() > MAX_WORDS) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "q must have at most " + MAX_WORDS + " words");
        }
        return new SearchText(List.copyOf(words));
    }

    /** The words, lower-cased, each once. */
    List<String> words() {
        return words;
    }

    /**
     * PostgreSQL: the text of {@code plainto_tsquery('simple', ...)} — the words with a letter or
     * digit and no CJK character, and the bigrams of the CJK words; empty when there is none.
     */
    String fullText() {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            if (hasCjk(w)) {
                String b = bigrams(w);
                if (!b.isEmpty()) {
                    out.add(b);
                }
            } else if (w.codePoints().anyMatch(Character::isLetterOrDigit)) {
                out.add(w);
            }
        }
        return String.join(" ", out);
    }

    /** PostgreSQL: the ILIKE patterns — the CJK words, and those the full-text parser has nothing of (punctuation). */
    List<String> substrings() {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            if (hasCjk(w) || w.codePoints().noneMatch(Character::isLetterOrDigit)) {
                out.add(likePattern(w));
            }
        }
        return out;
    }

    /** H2: every word as a LIKE pattern over the lower-cased content. */
    List<String> everyWordAsSubstring() {
        return words.stream().map(SearchText::likePattern).toList();
    }

    /** {@code %word%} with {@code \}, {@code %} and {@code _} escaped (the query says {@code ESCAPE '\'}). */
    static String likePattern(String word) {
        return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /**
     * The overlapping pairs of CJK characters of each run of them, space-separated: what V19's
     * {@code im_cjk_bigrams} adds to a message's text (the same set; order does not matter to a query).
     */
    static String bigrams(String s) {
        StringBuilder out = new StringBuilder();
        int prev = -1;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (isCjk(cp)) {
                if (prev != -1) {
                    if (!out.isEmpty()) {
                        out.append(' ');
                    }
                    out.appendCodePoint(prev).appendCodePoint(cp);
                }
                prev = cp;
            } else {
                prev = -1;
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    static boolean hasCjk(String s) {
        return s.codePoints().anyMatch(SearchText::isCjk);
    }

    /**
     * Kana, CJK ideographs (extension A and the unified block), compatibility ideographs and Hangul
     * syllables: the ranges V19's SQL function names, and nothing more, so both sides agree.
     */
    static boolean isCjk(int cp) {
        return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0xAC00 && cp <= 0xD7AF);
    }
}
