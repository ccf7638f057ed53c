package com.xuqinmin.im.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import org.junit.jupiter.api.Test;

class SearchTextTest {

    @Test
    void latin_words_go_to_the_full_text_index_lower_cased_and_once() {
        SearchText t = SearchText.parse("  Hello   WORLD hello ");
        assertThat(t.words()).containsExactly("hello", "world");
        assertThat(t.fullText()).isEqualTo("hello world");
        assertThat(t.substrings()).isEmpty();
        assertThat(t.everyWordAsSubstring()).containsExactly("%hello%", "%world%");
    }

    @Test
    void a_cjk_word_is_looked_up_by_its_character_pairs_and_checked_as_a_substring() {
        SearchText t = SearchText.parse("你好世界 lunch");
        assertThat(t.fullText()).isEqualTo("你好 好世 世界 lunch");
        assertThat(t.substrings()).containsExactly("%你好世界%");
        // one character has no pair: only the substring test
        SearchText one = SearchText.parse("好");
        assertThat(one.fullText()).isEmpty();
        assertThat(one.substrings()).containsExactly("%好%");
    }

    @Test
    void the_pairs_are_those_of_each_run_of_cjk_characters() {
        assertThat(SearchText.bigrams("你好世界 hi 我们去 a中b")).isEqualTo("你好 好世 世界 我们 们去");
        assertThat(SearchText.bigrams("こんにちは")).isEqualTo("こん んに にち ちは");
        assertThat(SearchText.bigrams("hello")).isEmpty();
    }

    @Test
    void punctuation_alone_is_a_substring_and_like_wildcards_are_escaped() {
        SearchText t = SearchText.parse("100% a_b \\");
        assertThat(t.fullText()).isEqualTo("100% a_b");
        assertThat(t.substrings()).containsExactly("%\\\\%");
        assertThat(t.everyWordAsSubstring()).containsExactly("%100\\%%", "%a\\_b%", "%\\\\%");
    }

    @Test
    void q_must_be_there_short_and_of_few_words() {
        for (String bad : new String[] {null, "", "   ", "x".repeat(SearchText.MAX_LENGTH + 1), "a b c d e f g h i j k"}) {
            assertThatThrownBy(() -> SearchText.parse(bad)).isInstanceOfSatisfying(ImException.class,
                    e -> assertThat(e.error()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        }
        assertThat(SearchText.parse("世".repeat(SearchText.MAX_LENGTH)).words()).hasSize(1);
    }
}
