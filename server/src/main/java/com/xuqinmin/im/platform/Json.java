package com.xuqinmin.im.platform;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * Small JSON helpers for the hot path: reading a frame body into a {@link JsonObject} with errors
 * that name the field, and writing JSON text by hand (escaping per RFC 8259) without reflection.
 */
public final class Json {

    // Looking the provider up is a ServiceLoader scan; do it once.
    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private Json() {
    }

    /**
     * Parses a body that must be one JSON object, in UTF-8 (RFC 8259 §8.1; malformed bytes read as
     * U+FFFD, as a reader over the bytes did). Decoded first: a reader over an InputStream allocates
     * an 8 KB byte buffer and a charset decoder per body, a tenth of the send path's allocation.
     */
    public static JsonObject parseObject(byte[] body) {
        if (body.length == 0) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "body must be a JSON object");
        }
        JsonValue v;
        try (JsonReader r = PROVIDER.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
            v = r.readValue();
        } catch (JsonException e) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "body is not valid JSON");
        } catch (RuntimeException e) {
            if (ImException.nestedTooDeeply(e)) {
                throw ImException.tooDeep();
            }
            // Parsson's other limits are not JsonExceptions either: an exponent out of int range
            // (NumberFormatException; AppBodiesFuzzTest found it) and a number of more than 1,100
            // characters (UnsupportedOperationException). Each is a body we will not read.
            throw new ImException(ErrorCode.VALIDATION_FAILED,
                    "body is not JSON this server reads: numbers of at most 1,100 characters, exponents within "
                            + "the int range, at most 1,000 levels of nesting");
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "body must be a JSON object");
        }
        return v.asJsonObject();
    }

    /** A string field; {@code null} when absent or JSON null; VALIDATION_FAILED when of another type. */
    public static String string(JsonObject o, String field) {
        JsonValue v = o.get(field);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw new ImException(ErrorCode.VALIDATION_FAILED, field + " must be a string");
    }

    public static String requireString(JsonObject o, String field) {
        String s = string(o, field);
        if (s == null) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, field + " is required");
        }
        return s;
    }

    /** An integer field; {@code null} when absent; VALIDATION_FAILED when not an integral number. */
    public static Long integer(JsonObject o, String field) {
        JsonValue v = o.get(field);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (v instanceof JsonNumber n && n.isIntegral()) {
            try {
                return n.longValueExact();
            } catch (ArithmeticException e) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, field + " is out of range");
            }
        }
        throw new ImException(ErrorCode.VALIDATION_FAILED, field + " must be an integer");
    }

    /** Appends {@code s} as a JSON string literal, quotes included. */
    public static StringBuilder quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }

    /** Appends {@code ,"name":"value"} (or without the comma when {@code first}). Null values are skipped. */
    public static void field(StringBuilder sb, String name, String value) {
        if (value == null) {
            return;
        }
        if (sb.charAt(sb.length() - 1) != '{') {
            sb.append(',');
        }
        quote(sb, name).append(':');
        quote(sb, value);
    }

    public static void field(StringBuilder sb, String name, long value) {
        if (sb.charAt(sb.length() - 1) != '{') {
            sb.append(',');
        }
        quote(sb, name).append(':').append(value);
    }

    public static void field(StringBuilder sb, String name, boolean value) {
        if (sb.charAt(sb.length() - 1) != '{') {
            sb.append(',');
        }
        quote(sb, name).append(':').append(value);
    }
}
