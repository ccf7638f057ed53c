package com.xuqinmin.im.sdk;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The entry point of the SDK: one app's back-end talking to the XuqmGroup IM server. Made once with
 * {@link #builder()} from the server's base URL, the appKey and the AppSecret, then shared: it is
 * immutable and thread-safe, and every call signs its request (API.md §3.3). The calls are grouped by
 * what they act on: {@link #users()}, {@link #messages()}, {@link #groups()}, {@link #friends()},
 * {@link #blocks()}, {@link #appSettings()}. userSigs are made and
 * checked locally, without a call.
 *
 * <pre>{@code
 * ImServerClient im = ImServerClient.builder()
 *         .baseUrl("https://im.example.com")
 *         .appKey("ak_demo_chat")
 *         .appSecret(System.getenv("IM_APP_SECRET"))
 *         .build();
 * String userSig = im.userSig("alice");
 * }</pre>
 */
public final class ImServerClient {

    private final String appKey;
    private final String appSecret;
    private final Duration userSigLifetime;
    private final Clock clock;
    private final Transport transport;
    private final Users users;
    private final Messages messages;
    private final Groups groups;
    private final Friends friends;
    private final Blocks blocks;
    private final AppSettings appSettings;
    private final WebhookConfig webhook;
    private final PushConfig push;

    private ImServerClient(Builder b) {
        this.appKey = b.appKey;
        this.appSecret = b.appSecret;
        this.userSigLifetime = b.userSigLifetime;
        this.clock = b.clock;
        HttpClient http = b.httpClient;
        if (http == null) {
            // HTTP/1.1: over plain http the JDK would otherwise try an h2c upgrade on every request
            HttpClient.Builder hb = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(b.connectTimeout);
            if (b.executor != null) {
                hb.executor(b.executor);
            }
            http = hb.build();
        }
        this.transport = new Transport(http, b.baseUrl, b.appKey, b.appSecret, b.requestTimeout, b.maxRetries,
                b.retryBackoff, b.clock);
        this.users = new Users(transport);
        this.messages = new Messages(transport);
        this.groups = new Groups(transport);
        this.friends = new Friends(transport);
        this.blocks = new Blocks(transport);
        this.appSettings = new AppSettings(transport);
        this.webhook = new WebhookConfig(transport);
        this.push = new PushConfig(transport);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The app's users: import, read, update, delete, kick, online status, mute, server-made userSigs. */
    public Users users() {
        return users;
    }

    /** Messages: send as a user or the system account, batch send, revoke, history. */
    public Messages messages() {
        return messages;
    }

    /** Groups: create, read, rename, dismiss, transfer, members, roles, mutes, read receipts. */
    public Groups groups() {
        return groups;
    }

    /** Users' friends: import, list, delete. */
    public Friends friends() {
        return friends;
    }

    /** Users' blocklists: block, list, unblock. */
    public Blocks blocks() {
        return blocks;
    }

    /** The app's settings its back-end may change: the social policy. */
    public AppSettings appSettings() {
        return appSettings;
    }

    /** The app's webhook: read, set, remove, test delivery (docs/api.md §5). */
    public WebhookConfig webhook() {
        return webhook;
    }

    /** The app's offline push providers and templates: read, set, remove (docs/api.md §5.6). */
    public PushConfig push() {
        return push;
    }

    public String appKey() {
        return appKey;
    }

    /** A userSig for {@code userId}, made locally, valid for the configured lifetime from now. */
    public String userSig(String userId) {
        return userSig(userId, userSigLifetime);
    }

    /** A userSig for {@code userId}, made locally, valid for {@code lifetime} from now (whole seconds). */
    public String userSig(String userId, Duration lifetime) {
        return UserSig.mint(appKey, appSecret, userId, clock.millis() / 1000, lifetime.getSeconds());
    }

    /**
     * Checks a userSig of this app as the server would (signature, appKey, times with 60 s of skew,
     * lifetime at most the server's default maximum of 180 days).
     *
     * @throws ImException {@code TOKEN_INVALID} or {@code TOKEN_EXPIRED}
     */
    public UserSig.Claims verifyUserSig(String userSig) {
        return UserSig.verify(userSig, appKey, appSecret, clock.millis() / 1000);
    }

    /** Logs {@code userId} in with a userSig made here: the im_jwt for the IM client API or a WebSocket. */
    public ImToken login(String userId) {
        return loginWithUserSig(userId, userSig(userId));
    }

    /** Exchanges a userSig for an im_jwt ({@code POST /api/im/auth/login}). */
    public ImToken loginWithUserSig(String userId, String userSig) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("appKey", appKey);
        body.put("userId", userId);
        body.put("userSig", userSig);
        return ImToken.of(transport.unsigned("POST", "/api/im/auth/login", body, Transport.Retry.SAFE));
    }

    @Override
    public String toString() {
        return "ImServerClient[" + appKey + "]";
    }

    /** Configures an {@link ImServerClient}; not thread-safe. */
    public static final class Builder {
        private String baseUrl;
        private String appKey;
        private String appSecret;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration userSigLifetime = Duration.ofDays(1);
        private int maxRetries = 2;
        private Duration retryBackoff = Duration.ofMillis(200);
        private HttpClient httpClient;
        private Executor executor;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The server's base URL, e.g. {@code https://im.example.com} (a path prefix is kept). */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder appKey(String appKey) {
            this.appKey = appKey;
            return this;
        }

        public Builder appSecret(String appSecret) {
            this.appSecret = appSecret;
            return this;
        }

        /** How long to wait for a connection (default 10 s); ignored with {@link #httpClient}. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /** How long to wait for each answer (default 30 s). */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = positive(requestTimeout, "requestTimeout");
            return this;
        }

        /** How long the userSigs {@link ImServerClient#userSig(String)} makes stay valid (default one day). */
        public Builder userSigLifetime(Duration lifetime) {
            this.userSigLifetime = positive(lifetime, "userSigLifetime");
            return this;
        }

        /** How often a call that is safe to repeat is tried again after a network failure or 429/502/503/504 (default 2; 0 disables). */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be 0 or more");
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** The first wait before a retry (default 200 ms); it doubles at each retry, up to 5 s, with jitter. */
        public Builder retryBackoff(Duration retryBackoff) {
            this.retryBackoff = positive(retryBackoff, "retryBackoff");
            return this;
        }

        /** An HttpClient of your own (proxy, TLS, HTTP version); connectTimeout and executor then do not apply. */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /** The executor of the HttpClient the SDK makes (default: the JDK's). */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /** The clock of timestamps and userSigs (default: the system's UTC clock); for tests. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public ImServerClient build() {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(appKey, "appKey");
            Objects.requireNonNull(appSecret, "appSecret");
            if (appSecret.getBytes(StandardCharsets.UTF_8).length < 32) {
                throw new IllegalArgumentException("an AppSecret has at least 32 bytes: check appSecret");
            }
            URI uri = URI.create(baseUrl);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("baseUrl must be an http or https URL: " + baseUrl);
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("baseUrl takes no query or fragment: " + baseUrl);
            }
            baseUrl = baseUrl.replaceAll("/+$", "");
            return new ImServerClient(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
