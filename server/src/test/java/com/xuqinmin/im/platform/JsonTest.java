package com.xuqinmin.im.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading a frame or request body (platform/Json.java): an object, or VALIDATION_FAILED, never another exception. */
class JsonTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void an_object_is_read() {
        assertThat(Json.parseObject(utf8("{\"seq\":5,\"toId\":\"bob\"}")).getInt("seq")).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[1]", "\"x\"", "{", "{\"a\":}", "nul"})
    void what_is_not_an_object_is_refused(String body) {
        assertThatThrownBy(() -> Json.parseObject(utf8(body))).isInstanceOf(ImException.class)
                .satisfies(e -> assertThat(((ImException) e).error()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }

    /** Where the JSON parser gives up with exceptions of its own (the first found by AppBodiesFuzzTest). */
    @Test
    void the_parsers_limits_are_a_validation_failure() {
        for (String body : new String[] {"{\"seq\":1e-9999999999}", "{\"seq\":1E+2147483648}",
                "{\"seq\":" + "7".repeat(1101) + "}", "{\"a\":" + "[".repeat(1001) + "]".repeat(1001) + "}"}) {
            assertThatThrownBy(() -> Json.parseObject(utf8(body))).as(body.substring(0, 20))
                    .isInstanceOf(ImException.class)
                    .satisfies(e -> assertThat(((ImException) e).error()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        }
    }

    @Test
    void an_integer_out_of_range_or_not_integral_is_refused_by_name() {
        assertThatThrownBy(() -> Json.integer(Json.parseObject(utf8("{\"seq\":9223372036854775808}")), "seq"))
                .hasMessage("seq is out of range");
        assertThatThrownBy(() -> Json.integer(Json.parseObject(utf8("{\"seq\":1e400}")), "seq"))
                .hasMessage("seq must be an integer");
    }
}
