package com.xuqinmin.im.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.xuqinmin.im.account.AppInfo;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Signed server-API requests (API.md §3.3) made of arbitrary parts, as {@link RequestVerifier} sees
 * them. A sender signs a request with one of several secrets (the app's current or previous one, another
 * app's, a wrong one), then one part may be changed on the way. Whatever the parts, the verifier
 * accepts or refuses with an {@link ImException} of a 4xx code, never another exception; it accepts
 * only a request whose headers are all there, whose timestamp is within the window, whose nonce is
 * well-formed and fresh and whose signature is the HMAC of a secret of the active app it names; a
 * request it accepted is refused the second time; and a signed request changed in any part the
 * signature covers never verifies.
 *
 * <p>Under plain {@code mvn test} this runs the inputs in {@code RequestVerifierFuzzTestInputs/};
 * with {@code JAZZER_FUZZ=1} (the {@code fuzz} profile) it fuzzes.
 */
class RequestVerifierFuzzTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final long WINDOW_SECONDS = 300;
    private static final String CURRENT = "current-secret-current-secret-0123456789";
    private static final String PREVIOUS = "previous-secret-previous-secret-01234567";
    private static final String OTHER = "other-app-secret-other-app-secret-012345";
    private static final String DISABLED = "disabled-app-secret-disabled-app-012345";
    private static final Map<String, AppInfo> APPS = Map.of(
            "ak_fuzz", app("ak_fuzz", true, CURRENT, PREVIOUS),
            "ak_other", app("ak_other", true, OTHER),
            "ak_off", app("ak_off", false, DISABLED));
    private static final String[] APP_KEYS = {"ak_fuzz", "ak_other", "ak_off", "ak_none"};
    private static final String[] SECRETS = {CURRENT, PREVIOUS, OTHER, DISABLED, "wrong"};
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH"};
    private static final String NONCE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    /** The parts a sender signs, and the signature it sends. */
    private record Parts(String method, String path, String query, String appKey, String timestamp, String nonce,
            String signature, byte[] body) {

        RequestVerifier.SignedRequest request() {
            return new RequestVerifier.SignedRequest(method, path, query, appKey, timestamp, nonce, signature);
        }
    }

    private enum Change { NONE, METHOD, PATH, QUERY, APP_KEY, TIMESTAMP, NONCE, SIGNATURE, BODY }

    @FuzzTest(maxDuration = "10m")
    void a_request_verifies_only_as_signed_and_only_once(FuzzedDataProvider data) {
        Parts sent = sent(data);
        Change change = data.pickValue(Change.values());
        Parts received = change(sent, change, data);

        boolean sentVerifies = verify(verifier(), sent) != null;
        RequestVerifier verifier = verifier();
        String accepted = verify(verifier, received);
        if (accepted == null) {
            return;
        }
        assertThat(accepted).isEqualTo(received.appKey());
        assertAcceptable(received);
        if (sentVerifies) {
            assertThat(sameSignedStatement(sent, received, change))
                    .as("%s changed from %s to %s, and it still verified", change, sent, received).isTrue();
        }
        // the same request again is a replay
        assertThat(refusal(verifier, received)).isEqualTo(ErrorCode.NONCE_REPLAYED);
    }

    /** A verifier with the apps above, a fixed clock and nonces of its own. */
    private static RequestVerifier verifier() {
        Set<String> used = new HashSet<>();
        return new RequestVerifier(appKey -> Optional.ofNullable(APPS.get(appKey)),
                (appKey, nonce, now, ttl) -> used.add(appKey + ' ' + nonce),
                Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC), WINDOW_SECONDS, 600);
    }

    /** A request as a sender makes it: plausible parts, signed with the canonical form and a chosen secret. */
    private static Parts sent(FuzzedDataProvider data) {
        String appKey = data.pickValue(APP_KEYS);
        String secret = data.pickValue(SECRETS);
        String method = data.pickValue(METHODS);
        String path = "/api/im/admin/" + data.consumeString(40);
        String query = data.consumeBoolean() ? null : data.consumeString(60);
        String timestamp = data.consumeBoolean()
                ? Long.toString(NOW + data.consumeLong(-WINDOW_SECONDS * 1000 - 5, WINDOW_SECONDS * 1000 + 5))
                : data.consumeString(24);
        StringBuilder nonce = new StringBuilder();
        for (int i = data.consumeInt(8, 70); i > 0; i--) {
            nonce.append(NONCE_CHARS.charAt(data.consumeInt(0, NONCE_CHARS.length() - 1)));
        }
        byte[] body = data.consumeBytes(data.consumeInt(0, 300));
        String signature = RequestSignature.sign(secret,
                RequestSignature.canonical(method, path, query, timestamp, nonce.toString(), body));
        return new Parts(method, path, query, appKey, timestamp, nonce.toString(), signature, body);
    }

    /** The request with one part replaced by arbitrary data (a header may also go missing). */
    private static Parts change(Parts p, Change change, FuzzedDataProvider data) {
        String s = data.consumeInt(0, 15) == 0 ? null : data.consumeString(100);
        return switch (change) {
            case NONE -> p;
            case METHOD -> new Parts(s == null ? "" : s, p.path, p.query, p.appKey, p.timestamp, p.nonce, p.signature,
                    p.body);
            case PATH -> new Parts(p.method, s == null ? "" : s, p.query, p.appKey, p.timestamp, p.nonce, p.signature,
                    p.body);
            case QUERY -> new Parts(p.method, p.path, s, p.appKey, p.timestamp, p.nonce, p.signature, p.body);
            case APP_KEY -> new Parts(p.method, p.path, p.query, s, p.timestamp, p.nonce, p.signature, p.body);
            case TIMESTAMP -> new Parts(p.method, p.path, p.query, p.appKey, s, p.nonce, p.signature, p.body);
            case NONCE -> new Parts(p.method, p.path, p.query, p.appKey, p.timestamp, s, p.signature, p.body);
            case SIGNATURE -> new Parts(p.method, p.path, p.query, p.appKey, p.timestamp, p.nonce, s, p.body);
            case BODY -> new Parts(p.method, p.path, p.query, p.appKey, p.timestamp, p.nonce, p.signature,
                    data.consumeRemainingAsBytes());
        };
    }

    /** The appKey it accepted, or null after checking the refusal is a clean 4xx. */
    private static String verify(RequestVerifier verifier, Parts p) {
        try {
            return verifier.verify(p.request(), () -> p.body);
        } catch (ImException e) {
            assertThat(e.code()).as("%s: %s", e.error(), e.getMessage()).isBetween(400, 499);
            return null;
        } catch (IOException e) {
            throw new AssertionError("the body is in memory", e);
        }
    }

    private static ErrorCode refusal(RequestVerifier verifier, Parts p) {
        try {
            verifier.verify(p.request(), () -> p.body);
            return null;
        } catch (ImException e) {
            return e.error();
        } catch (IOException e) {
            throw new AssertionError("the body is in memory", e);
        }
    }

    /** What an accepted request must be, checked without the verifier's own arithmetic. */
    private static void assertAcceptable(Parts p) {
        assertThat(p.timestamp).matches("[0-9]{1,18}");
        BigInteger skew = new BigInteger(p.timestamp).subtract(BigInteger.valueOf(NOW)).abs();
        assertThat(skew).isLessThanOrEqualTo(BigInteger.valueOf(WINDOW_SECONDS * 1000));
        assertThat(p.nonce).hasSizeBetween(16, 64);
        assertThat(p.nonce.chars()).allMatch(c -> NONCE_CHARS.indexOf(c) >= 0);
        AppInfo app = APPS.get(p.appKey);
        assertThat(app).isNotNull().matches(AppInfo::active);
        String canonical = RequestSignature.canonical(p.method, p.path, p.query, p.timestamp, p.nonce, p.body);
        assertThat(app.secrets()).anyMatch(secret -> p.signature.length() == 64
                && p.signature.toLowerCase(Locale.ROOT).equals(RequestSignature.sign(secret, canonical)));
    }

    /**
     * Whether a change leaves the request the one that was signed, as API.md §3.3 defines it: the
     * method's (ASCII) case, the order of the query's pairs (and empty ones), the signature's hex case.
     */
    private static boolean sameSignedStatement(Parts sent, Parts received, Change change) {
        return switch (change) {
            case NONE -> true;
            case METHOD -> isAscii(received.method) && received.method.equalsIgnoreCase(sent.method);
            case PATH -> received.path.equals(sent.path);
            case QUERY -> pairs(received.query).equals(pairs(sent.query));
            case APP_KEY -> sent.appKey.equals(received.appKey);
            case TIMESTAMP -> sent.timestamp.equals(received.timestamp);
            case NONCE -> sent.nonce.equals(received.nonce);
            case SIGNATURE -> received.signature != null && isAscii(received.signature)
                    && received.signature.toLowerCase(Locale.ROOT).equals(sent.signature);
            case BODY -> Arrays.equals(sent.body, received.body);
        };
    }

    private static List<String> pairs(String query) {
        List<String> pairs = new ArrayList<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (!pair.isEmpty()) {
                    pairs.add(pair);
                }
            }
        }
        pairs.sort(null);
        return pairs;
    }

    private static boolean isAscii(String s) {
        return StandardCharsets.US_ASCII.newEncoder().canEncode(s);
    }

    private static AppInfo app(String appKey, boolean active, String... secrets) {
        return new AppInfo(appKey, active, List.of(secrets), 120, 3600, false, null);
    }
}
