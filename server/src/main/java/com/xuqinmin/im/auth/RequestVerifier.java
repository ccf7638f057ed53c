package com.xuqinmin.im.auth;

import com.xuqinmin.im.account.AppInfo;
import com.xuqinmin.im.account.Apps;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checks of a signed server-API request (API.md §3.3), apart from HTTP: the four headers, a
 * timestamp within the window, the nonce's shape, the {@link RequestSignature} of one of the app's
 * secrets compared in constant time, and a nonce not used before. Every refusal about the app or the
 * signature reads the same, so a caller learns nothing about which appKeys exist.
 */
public final class RequestVerifier {

    /** A request as it arrived: the method, the path and query exactly as sent, and the four headers (null when absent). */
    public record SignedRequest(String method, String rawPath, String rawQuery, String appKey, String timestamp,
            String nonce, String signature) {
    }

    /** Reads the request's body; called only once the headers pass, so a request without them costs no read. */
    @FunctionalInterface
    public interface Body {
        byte[] read() throws IOException;
    }

    /** Where nonces are remembered ({@link NonceStore}): false when one was used before and has not expired. */
    @FunctionalInterface
    public interface Nonces {
        boolean remember(String appKey, String nonce, long now, long ttlMillis);
    }

    private static final List<String> NO_APP = List.of("-unknown-app-");
    /** Unix milliseconds in ASCII digits; 18 of them parse without overflow and reach the year 33,000,000. */
    private static final Pattern MILLIS = Pattern.compile("[0-9]{1,18}");

    private final Apps apps;
    private final Nonces nonces;
    private final Clock clock;
    private final long windowMillis;
    private final long nonceTtlMillis;

    public RequestVerifier(Apps apps, Nonces nonces, Clock clock, long windowSeconds, long nonceTtlSeconds) {
        this.apps = apps;
        this.nonces = nonces;
        this.clock = clock;
        this.windowMillis = windowSeconds * 1000;
        this.nonceTtlMillis = nonceTtlSeconds * 1000;
    }

    /** The appKey of a request that passes every check; otherwise the ImException that refuses it. */
    public String verify(SignedRequest r, Body body) throws IOException {
        if (r.appKey() == null || r.timestamp() == null || r.nonce() == null || r.signature() == null) {
            throw new ImException(ErrorCode.INVALID_SIGNATURE,
                    "X-App-Key, X-Timestamp, X-Nonce and X-Signature are required");
        }
        if (!MILLIS.matcher(r.timestamp()).matches()) {
            // not Long.parseLong alone: it also takes a sign and the digits of every script ("١٧٠٠…")
            throw new ImException(ErrorCode.VALIDATION_FAILED, "X-Timestamp must be Unix milliseconds");
        }
        long ts = Long.parseLong(r.timestamp());
        long now = clock.millis();
        // two comparisons, not Math.abs(now - ts): that difference overflows for a timestamp near
        // Long.MIN_VALUE, and Math.abs(Long.MIN_VALUE) is negative, i.e. "within the window"
        if (ts < now - windowMillis || ts > now + windowMillis) {
            throw new ImException(ErrorCode.TIMESTAMP_EXPIRED,
                    "X-Timestamp is more than " + windowMillis / 1000 + " s away from the server's clock");
        }
        if (!RequestSignature.validNonce(r.nonce())) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "X-Nonce must be 16 to 64 characters of A-Z a-z 0-9 _ -");
        }
        String canonical = RequestSignature.canonical(r.method(), r.rawPath(), r.rawQuery(), r.timestamp(), r.nonce(),
                body.read());
        Optional<AppInfo> app = apps.find(r.appKey()).filter(AppInfo::active);
        boolean ok = false;
        // computed even for an unknown app, so timing does not tell which appKeys exist
        for (String secret : app.map(AppInfo::secrets).orElse(NO_APP)) {
            ok |= RequestSignature.matches(RequestSignature.sign(secret, canonical), r.signature());
        }
        if (!ok || app.isEmpty()) {
            throw new ImException(ErrorCode.INVALID_SIGNATURE);
        }
        boolean fresh;
        try {
            fresh = nonces.remember(r.appKey(), r.nonce(), now, nonceTtlMillis);
        } catch (RuntimeException e) {
            if (ImException.databaseDown(e)) {
                throw ImException.of(e);
            }
            fresh = false; // a concurrent use of the same nonce lost the race on the primary key
        }
        if (!fresh) {
            throw new ImException(ErrorCode.NONCE_REPLAYED, "this X-Nonce was already used");
        }
        return r.appKey();
    }
}
