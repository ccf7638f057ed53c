package com.xuqinmin.im.it;

import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 on a plain socket, for what the JDK's client cannot do: send from another loopback
 * address than 127.0.0.1 (so that a per-address budget is counted apart from the other tests), or
 * send a request head slowly.
 */
public final class RawHttp {

    /** A response: its status, headers (names in lower case) and body. */
    public record Response(int status, Map<String, String> headers, String body) {
        public JsonObject json() {
            return Http.json(body);
        }
    }

    private RawHttp() {
    }

    /** A socket to the test server from the loopback address {@code from}. */
    public static Socket connect(String from) {
        try {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), ItEnv.port()), 10_000);
            s.setSoTimeout(10_000);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** POSTs a JSON body from {@code from} on a connection of its own, and reads the answer. */
    public static Response post(String from, String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket s = connect(from)) {
            s.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: localhost:" + ItEnv.port()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(body);
            s.getOutputStream().flush();
            return read(s.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one response (the body by Content-Length, or until the end). */
    public static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("the connection ended inside a response head: " + head);
            }
            head.write(c);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body;
        if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Response(Integer.parseInt(lines[0].substring(9, 12)), headers, new String(body, StandardCharsets.UTF_8));
    }

    /**
     * Reads (and drops) what the server sends until it closes the connection; answers false when it
     * is still open after {@code wait}.
     */
    public static boolean awaitEnd(Socket s, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        byte[] sink = new byte[4096];
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                s.setSoTimeout((int) left);
                try {
                    if (s.getInputStream().read(sink) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    return false;
                }
            }
        } catch (IOException e) {
            return true; // reset by the server
        }
    }
}
