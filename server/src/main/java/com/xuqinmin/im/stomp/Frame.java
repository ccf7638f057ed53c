package com.xuqinmin.im.stomp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One STOMP frame: a command, its headers (unescaped) and a body of raw bytes. Immutable; the body
 * array is never modified after construction and must not be modified by callers.
 */
public final class Frame implements OutboundFrame {

    private static final byte[] NO_BODY = new byte[0];

    private final Command command;
    private final Headers headers;
    private final byte[] body;

    public Frame(Command command, Headers headers, byte[] body) {
        this.command = Objects.requireNonNull(command, "command");
        this.headers = headers == null ? Headers.EMPTY : headers;
        this.body = body == null || body.length == 0 ? NO_BODY : body;
    }

    public static Builder builder(Command command) {
        return new Builder(command);
    }

    public Command command() {
        return command;
    }

    public Headers headers() {
        return headers;
    }

    /** The first value of a header, or {@code null}. */
    public String header(String name) {
        return headers.get(name);
    }

    public byte[] body() {
        return body;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public void appendText(StringBuilder out) {
        out.append(StompEncoder.encodeText(this));
    }

    @Override
    public int textLength() {
        return body.length + 200;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && f.command == command && f.headers.equals(headers) && Arrays.equals(f.body, body);
    }

    @Override
    public int hashCode() {
        return (command.hashCode() * 31 + headers.hashCode()) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return command + headers.toString() + (body.length == 0 ? "" : " body=" + body.length + "B");
    }

    /** Builds a frame header by header. */
    public static final class Builder {
        private final Command command;
        private final List<Headers.Header> headers = new ArrayList<>(8);
        private byte[] body = NO_BODY;

        private Builder(Command command) {
            this.command = command;
        }

        /** Adds a header; a {@code null} value adds nothing, so optional headers read naturally. */
        public Builder header(String name, String value) {
            if (value != null) {
                headers.add(new Headers.Header(name, value));
            }
            return this;
        }

        public Builder body(byte[] body) {
            this.body = body;
            return this;
        }

        public Builder body(String text) {
            this.body = text.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        public Frame build() {
            return new Frame(command, Headers.of(headers), body);
        }
    }
}
