package com.xuqinmin.im.gateway;

import com.xuqinmin.im.account.Ids;
import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.auth.TokenVerifier;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.ServerInfo;
import com.xuqinmin.im.stomp.Command;
import com.xuqinmin.im.stomp.Frame;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * CONNECT (and its 1.2 alias STOMP), PROTOCOL.md §1–2: version negotiation, the token (from
 * {@code ?token=} and/or {@code Authorization}), the device id and the heart-beats; then CONNECTED.
 */
@ApplicationScoped
public class ConnectHandler implements CommandHandler {

    @Inject
    TokenVerifier tokens;

    @Inject
    SessionRegistry registry;

    @Inject
    ImConfig config;

    @Override
    public Set<Command> commands() {
        return Set.of(Command.CONNECT, Command.STOMP);
    }

    @Override
    public void handle(Connection c, Frame f) {
        if (c.state() != Connection.State.OPEN) {
            throw new ImException(ErrorCode.ALREADY_CONNECTED, "already connected");
        }
        String version = negotiateVersion(f.header("accept-version"));
        Identity who = authenticate(c, f);
        String device = f.header("device-id");
        if (device == null || device.isEmpty()) {
            device = "default";
        } else if (!Ids.valid(device)) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "device-id must be 1 to 64 characters of A-Z a-z 0-9 _ . @ -");
        }
        Platform platform = Platform.parse(f.header("platform"));
        long[] client = heartBeat(f.header("heart-beat"));
        long[] server = heartBeat(config.heartbeat());
        // STOMP 1.2 "Heart-beating": each side sends at the larger of what it can and what the other wants
        long sendEvery = server[0] == 0 || client[1] == 0 ? 0 : Math.max(server[0], client[1]);
        long expectEvery = client[0] == 0 || server[1] == 0 ? 0 : Math.max(client[0], server[1]);
        c.connected(who, device, platform, sendEvery, expectEvery,
                new TokenBucket(config.sendRate(), config.sendBurst()));
        registry.connected(c);
        c.send(Frame.builder(Command.CONNECTED)
                .header("version", version)
                .header("heart-beat", server[0] + "," + server[1])
                .header("server", ServerInfo.product())
                .header("session", c.id())
                .header("user-name", who.userId())
                .header("platform", platform.wire())
                .build());
    }

    private static String negotiateVersion(String accept) {
        if (accept == null) {
            throw new ImException(ErrorCode.UNSUPPORTED_VERSION, "accept-version is required; this server speaks 1.2 and 1.1");
        }
        boolean v11 = false;
        for (String v : accept.split(",")) {
            String t = v.trim();
            if (t.equals("1.2")) {
                return "1.2";
            }
            v11 |= t.equals("1.1");
        }
        if (v11) {
            return "1.1";
        }
        throw new ImException(ErrorCode.UNSUPPORTED_VERSION, "this server speaks STOMP 1.2 and 1.1, not " + accept);
    }

    /** The token comes from {@code ?token=} and/or {@code Authorization: Bearer}; both must agree. */
    private Identity authenticate(Connection c, Frame f) {
        String header = f.header("Authorization");
        if (header == null) {
            header = f.header("authorization");
        }
        if (header != null) {
            // "Authorization: Bearer x" as the seed page writes it leaves a space before the value
            header = header.trim();
        }
        String headerToken = header == null ? null
                : header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : header.trim();
        String queryToken = c.takeQueryToken();
        if ((headerToken == null || headerToken.isEmpty()) && (queryToken == null || queryToken.isEmpty())) {
            throw new ImException(ErrorCode.TOKEN_INVALID, "no token");
        }
        Identity fromHeader = headerToken == null || headerToken.isEmpty() ? null : tokens.signIn(headerToken);
        Identity fromQuery = queryToken == null || queryToken.isEmpty() ? null
                : queryToken.equals(headerToken) ? fromHeader : tokens.signIn(queryToken);
        if (fromHeader != null && fromQuery != null && !fromHeader.equals(fromQuery)) {
            throw new ImException(ErrorCode.TOKEN_INVALID, "the two tokens name different users");
        }
        return fromHeader != null ? fromHeader : fromQuery;
    }

    private static long[] heartBeat(String value) {
        if (value == null || value.isEmpty()) {
            return new long[] {0, 0};
        }
        int comma = value.indexOf(',');
        try {
            long a = Long.parseLong(value.substring(0, comma).trim());
            long b = Long.parseLong(value.substring(comma + 1).trim());
            if (a < 0 || b < 0) {
                throw new NumberFormatException();
            }
            return new long[] {a, b};
        } catch (RuntimeException e) {
            throw new ImException(ErrorCode.MALFORMED_FRAME, "heart-beat must be two non-negative integers: " + value);
        }
    }
}
