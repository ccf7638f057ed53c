package com.xuqinmin.im.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SDK's own JSON: what the server's answers contain must read back exactly, and bad JSON must not. */
class JsonTest {

    @Test
    void reads_the_envelope_of_an_answer() {
        Json.Obj o = Json.Obj.of(Json.parse("{\"code\":200,\"data\":{\"existing\":[],\"imported\":[\"u1\",\"u2\"]},"
                + "\"message\":\"success\",\"requestId\":\"01M8A1YDZJEJYVVH48K55G3FCA\",\"status\":\"0\"}"));
        assertEquals(200L, o.lng("code"));
        assertEquals(Arrays.asList("u1", "u2"), o.obj("data").strs("imported"));
        assertEquals("01M8A1YDZJEJYVVH48K55G3FCA", o.str("requestId"));
        assertNull(o.str("error"));
    }

    @Test
    void reads_escapes_numbers_and_literals() {
        Object v = Json.parse(" [\"a\\\"b\\\\c\\/\\n\\u00e9\\ud83d\\ude00\", -12, 3.5, 1e3, 12345678901234, true, false, null] ");
        List<?> l = (List<?>) v;
        assertEquals("a\"b\\c/\né\uD83D\uDE00", l.get(0));
        assertEquals(-12L, l.get(1));
        assertEquals(3.5, l.get(2));
        assertEquals(1000.0, l.get(3));
        assertEquals(12345678901234L, l.get(4));
        assertEquals(Boolean.TRUE, l.get(5));
        assertEquals(Boolean.FALSE, l.get(6));
        assertNull(l.get(7));
    }

    @Test
    void refuses_what_is_not_json() {
        for (String bad : new String[] {"", "{", "{\"a\":}", "[1,]", "{\"a\" 1}", "01", "\"\u0001\"", "tru", "{} x",
                "\"\\x\"", "-", "1.", "[".repeat(100) + "]".repeat(100)}) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
        }
    }

    @Test
    void writes_what_it_reads() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "quote \" backslash \\ newline \n tab \t control \u0001 ü");
        m.put("n", 42L);
        m.put("b", true);
        m.put("list", Arrays.asList("x", 1L, null));
        m.put("e", MsgType.TEXT);
        String text = Json.write(m);
        assertEquals("{\"s\":\"quote \\\" backslash \\\\ newline \\n tab \\t control \\u0001 ü\",\"n\":42,\"b\":true,"
                + "\"list\":[\"x\",1,null],\"e\":\"TEXT\"}", text);
        Map<String, Object> back = new LinkedHashMap<>(m);
        back.put("e", "TEXT");
        assertEquals(back, Json.parse(text));
    }
}
