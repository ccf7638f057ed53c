package com.xuqinmin.im.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every setting of the server in one place, read through MicroProfile Config. Each key can be set as
 * a system property, in {@code microprofile-config.properties}, or as an environment variable whose
 * name is the key upper-cased with dots and dashes turned into underscores ({@code im.revoke.window}
 * is {@code IM_REVOKE_WINDOW}). docs/configuration.md lists them all.
 */
@ApplicationScoped
public class ImConfig {

    // --- protocol limits (PROTOCOL.md §6)
    @Inject @ConfigProperty(name = "im.frame.max-bytes", defaultValue = "65536")
    int frameMaxBytes;
    @Inject @ConfigProperty(name = "im.frame.max-headers", defaultValue = "64")
    int frameMaxHeaders;
    @Inject @ConfigProperty(name = "im.ws.max-message-bytes", defaultValue = "262144")
    int wsMaxMessageBytes;
    @Inject @ConfigProperty(name = "im.text.max-chars", defaultValue = "8000")
    int textMaxChars;
    @Inject @ConfigProperty(name = "im.content.max-bytes", defaultValue = "16384")
    int contentMaxBytes;
    @Inject @ConfigProperty(name = "im.subscriptions.max", defaultValue = "1000")
    int subscriptionsMax;
    @Inject @ConfigProperty(name = "im.send.rate", defaultValue = "50")
    double sendRate;
    @Inject @ConfigProperty(name = "im.send.burst", defaultValue = "100")
    int sendBurst;
    @Inject @ConfigProperty(name = "im.typing.rate", defaultValue = "2")
    double typingRate;
    @Inject @ConfigProperty(name = "im.typing.burst", defaultValue = "5")
    int typingBurst;
    @Inject @ConfigProperty(name = "im.sessions.per-user", defaultValue = "10")
    int sessionsPerUser;
    @Inject @ConfigProperty(name = "im.sync.page-max", defaultValue = "500")
    int syncPageMax;
    @Inject @ConfigProperty(name = "im.transactions.max", defaultValue = "10")
    int transactionsMax;
    @Inject @ConfigProperty(name = "im.transaction.frames-max", defaultValue = "100")
    int transactionFramesMax;
    @Inject @ConfigProperty(name = "im.transaction.bytes-max", defaultValue = "1048576")
    long transactionBytesMax;
    @Inject @ConfigProperty(name = "im.outbound.queue-max", defaultValue = "1000")
    int outboundQueueMax;
    @Inject @ConfigProperty(name = "im.outbound.queue-bytes", defaultValue = "4194304")
    long outboundQueueBytes;
    @Inject @ConfigProperty(name = "im.outbound.send-timeout-ms", defaultValue = "10000")
    long sendTimeoutMillis;
    @Inject @ConfigProperty(name = "im.pending-acks.max", defaultValue = "10000")
    int pendingAcksMax;
    @Inject @ConfigProperty(name = "im.connect.timeout-ms", defaultValue = "30000")
    long connectTimeoutMillis;
    @Inject @ConfigProperty(name = "im.ws.pending-per-address", defaultValue = "50")
    int wsPendingPerAddress;
    @Inject @ConfigProperty(name = "im.ws.pending-max", defaultValue = "2000")
    int wsPendingMax;

    // --- heart-beats: what the server offers (sx = it can send every sx ms, sy = it wants one every sy ms)
    @Inject @ConfigProperty(name = "im.heartbeat", defaultValue = "10000,10000")
    String heartbeat;

    // --- WebSocket origins allowed ("*" allows all, as the original did)
    @Inject @ConfigProperty(name = "im.origins", defaultValue = "*")
    List<String> origins;

    // --- chat rules
    @Inject @ConfigProperty(name = "im.revoke.window", defaultValue = "120")
    long revokeWindowSeconds;

    @Inject @ConfigProperty(name = "im.edit.window", defaultValue = "86400")
    long editWindowSeconds;

    // --- credentials
    @Inject @ConfigProperty(name = "im.usersig.max-lifetime", defaultValue = "15552000")
    long userSigMaxLifetimeSeconds;
    @Inject @ConfigProperty(name = "im.usersig.skew", defaultValue = "60")
    long clockSkewSeconds;
    @Inject @ConfigProperty(name = "im.signature.window", defaultValue = "300")
    long signatureWindowSeconds;
    @Inject @ConfigProperty(name = "im.nonce.ttl", defaultValue = "600")
    long nonceTtlSeconds;
    @Inject @ConfigProperty(name = "im.api.max-body-bytes", defaultValue = "1048576")
    int apiMaxBodyBytes;
    @Inject @ConfigProperty(name = "im.master.key")
    Optional<String> masterKey;
    @Inject @ConfigProperty(name = "im.demo.app.secret")
    Optional<String> demoAppSecret;
    // the demo chat at / and its userSig call (only ever in the embedded mode; turn off with IM_DEMO=false)
    @Inject @ConfigProperty(name = "im.demo", defaultValue = "true")
    boolean demo;
    @Inject @ConfigProperty(name = "im.data.dir")
    Optional<String> dataDir;
    @Inject @ConfigProperty(name = "im.jwt.keys")
    Optional<String> jwtKeys;
    @Inject @ConfigProperty(name = "im.jwt.keys-file")
    Optional<String> jwtKeysFile;
    @Inject @ConfigProperty(name = "im.jwt.issuer", defaultValue = "xuqm-im")
    String jwtIssuer;
    @Inject @ConfigProperty(name = "im.jwt.ttl", defaultValue = "7200")
    long imJwtTtlSeconds;
    @Inject @ConfigProperty(name = "im.console.jwt.ttl", defaultValue = "3600")
    long consoleJwtTtlSeconds;

    // --- passwords (API.md §3.5): Argon2id at or above OWASP's minimum (19 MiB, t=2, p=1)
    @Inject @ConfigProperty(name = "im.password.min-length", defaultValue = "10")
    int passwordMinLength;
    @Inject @ConfigProperty(name = "im.password.argon2.memory-kib", defaultValue = "19456")
    int argon2MemoryKib;
    @Inject @ConfigProperty(name = "im.password.argon2.iterations", defaultValue = "2")
    int argon2Iterations;
    @Inject @ConfigProperty(name = "im.password.argon2.parallelism", defaultValue = "1")
    int argon2Parallelism;
    @Inject @ConfigProperty(name = "im.login.max-failures", defaultValue = "5")
    int loginMaxFailures;
    @Inject @ConfigProperty(name = "im.login.lock-seconds", defaultValue = "900")
    long loginLockSeconds;
    @Inject @ConfigProperty(name = "im.login.rate-per-ip", defaultValue = "20")
    int loginRatePerIpPerMinute;
    @Inject @ConfigProperty(name = "im.login.rate-per-account", defaultValue = "10")
    int loginRatePerAccountPerMinute;
    @Inject @ConfigProperty(name = "im.user-login.rate-per-ip", defaultValue = "120")
    int userLoginRatePerIpPerMinute;
    // --- corporate SSO for the tenant and operations consoles (API.md §3.6)
    @Inject @ConfigProperty(name = "im.sso.issuer")
    Optional<String> ssoIssuer;
    @Inject @ConfigProperty(name = "im.sso.jwks-url")
    Optional<String> ssoJwksUrl;
    @Inject @ConfigProperty(name = "im.sso.audience")
    Optional<String> ssoAudience;
    @Inject @ConfigProperty(name = "im.sso.discovery-url")
    Optional<String> ssoDiscoveryUrl;
    @Inject @ConfigProperty(name = "im.sso.user-claim", defaultValue = "email")
    String ssoUserClaim;
    @Inject @ConfigProperty(name = "im.sso.roles-claim", defaultValue = "groups")
    String ssoRolesClaim;
    @Inject @ConfigProperty(name = "im.sso.tenant-role", defaultValue = "im-tenant")
    String ssoTenantRole;
    @Inject @ConfigProperty(name = "im.sso.ops-role", defaultValue = "im-ops")
    String ssoOpsRole;

    @Inject @ConfigProperty(name = "im.secret.grace", defaultValue = "86400")
    long secretGraceSeconds;
    @Inject @ConfigProperty(name = "im.ops.user", defaultValue = "ops")
    String opsUser;
    @Inject @ConfigProperty(name = "im.ops.password")
    Optional<String> opsPassword;

    // --- the store pipeline (DESIGN.md §2)
    @Inject @ConfigProperty(name = "im.lanes", defaultValue = "8")
    int lanes;
    @Inject @ConfigProperty(name = "im.lane.batch-max", defaultValue = "256")
    int laneBatchMax;
    @Inject @ConfigProperty(name = "im.lane.queue-max", defaultValue = "4096")
    int laneQueueMax;
    @Inject @ConfigProperty(name = "im.lane.queue-bytes", defaultValue = "8388608")
    long laneQueueBytes;
    @Inject @ConfigProperty(name = "im.lane.max-wait-ms", defaultValue = "1000")
    long laneMaxWaitMillis;
    @Inject @ConfigProperty(name = "im.lane.drain-ms", defaultValue = "10000")
    long laneDrainMillis;
    @Inject @ConfigProperty(name = "im.cursor.flush-ms", defaultValue = "1000")
    long cursorFlushMillis;
    @Inject @ConfigProperty(name = "im.db.durable-commits", defaultValue = "false")
    boolean durableCommits;
    // --- bounded caches of users and apps (each change is announced, so these bound memory and staleness)
    @Inject @ConfigProperty(name = "im.cache.users-max", defaultValue = "200000")
    long cacheUsersMax;
    @Inject @ConfigProperty(name = "im.cache.apps-max", defaultValue = "10000")
    long cacheAppsMax;
    @Inject @ConfigProperty(name = "im.pg.vacuum-seconds", defaultValue = "30")
    long pgVacuumSeconds;

    // --- offline push through APNs and FCM (docs/api.md, "Push"; docs/deployment.md)
    @Inject @ConfigProperty(name = "im.push.workers", defaultValue = "4")
    int pushWorkers;
    @Inject @ConfigProperty(name = "im.push.queue", defaultValue = "10000")
    int pushQueue;
    @Inject @ConfigProperty(name = "im.push.timeout-ms", defaultValue = "10000")
    long pushTimeoutMillis;
    // lets an app's push settings name their own APNs / FCM / OAuth endpoints (tests, a relay); off in production
    @Inject @ConfigProperty(name = "im.push.allow-endpoint-override", defaultValue = "false")
    boolean pushAllowEndpointOverride;
    // a PEM file of more CA certificates the push client trusts (beside the JDK's), e.g. a relay's
    @Inject @ConfigProperty(name = "im.push.trust-file")
    Optional<String> pushTrustFile;

    // --- webhooks (docs/api.md, "Webhooks"; docs/deployment.md)
    @Inject @ConfigProperty(name = "im.webhook.allow-http-loopback", defaultValue = "false")
    boolean webhookAllowHttpLoopback;
    // an app's URL (webhook, push endpoint) whose host resolves to a private network (10/8, 172.16/12,
    // 192.168/16, fc00::/7, 100.64/10) is refused unless this is on: the back-end is in the same network
    @Inject @ConfigProperty(name = "im.webhook.allow-private", defaultValue = "false")
    boolean webhookAllowPrivate;
    @Inject @ConfigProperty(name = "im.webhook.concurrency-per-app", defaultValue = "64")
    int webhookConcurrencyPerApp;
    @Inject @ConfigProperty(name = "im.webhook.breaker-failures", defaultValue = "5")
    int webhookBreakerFailures;
    @Inject @ConfigProperty(name = "im.webhook.breaker-open-ms", defaultValue = "30000")
    long webhookBreakerOpenMillis;
    @Inject @ConfigProperty(name = "im.webhook.worker-period-ms", defaultValue = "500")
    long webhookWorkerPeriodMillis;
    @Inject @ConfigProperty(name = "im.webhook.worker-batch", defaultValue = "100")
    int webhookWorkerBatch;
    @Inject @ConfigProperty(name = "im.webhook.retry-base-ms", defaultValue = "1000")
    long webhookRetryBaseMillis;
    @Inject @ConfigProperty(name = "im.webhook.retry-for-ms", defaultValue = "86400000")
    long webhookRetryForMillis;
    @Inject @ConfigProperty(name = "im.webhook.lease-ms", defaultValue = "60000")
    long webhookLeaseMillis;

    // --- data deletion (docs/security.md): the daily job that applies the apps' retention and
    // finishes recent hard deletes, and the size of each erasing transaction
    @Inject @ConfigProperty(name = "im.retention.run-at", defaultValue = "03:00")
    String retentionRunAt;
    @Inject @ConfigProperty(name = "im.retention.period-seconds", defaultValue = "86400")
    long retentionPeriodSeconds;
    @Inject @ConfigProperty(name = "im.erase.batch-max", defaultValue = "500")
    int eraseBatchMax;

    // --- the cluster (DESIGN.md §4): unset IM_REDIS_URL = one node with the in-process bus
    @Inject @ConfigProperty(name = "im.redis.url")
    Optional<String> redisUrl;
    @Inject @ConfigProperty(name = "im.node.id")
    Optional<String> nodeId;
    @Inject @ConfigProperty(name = "im.redis.timeout-ms", defaultValue = "2000")
    long redisTimeoutMillis;
    @Inject @ConfigProperty(name = "im.presence.ttl-ms", defaultValue = "15000")
    long presenceTtlMillis;
    @Inject @ConfigProperty(name = "im.order.hold-ms", defaultValue = "300")
    long orderHoldMillis;

    public int frameMaxBytes() { return frameMaxBytes; }
    public int frameMaxHeaders() { return frameMaxHeaders; }
    public int wsMaxMessageBytes() { return Math.max(wsMaxMessageBytes, frameMaxBytes); }
    public int textMaxChars() { return textMaxChars; }
    public int contentMaxBytes() { return contentMaxBytes; }
    public int subscriptionsMax() { return subscriptionsMax; }
    public double sendRate() { return sendRate; }
    public int sendBurst() { return sendBurst; }
    public double typingRate() { return typingRate; }
    public int typingBurst() { return typingBurst; }
    public int sessionsPerUser() { return sessionsPerUser; }
    public int syncPageMax() { return syncPageMax; }
    public int transactionsMax() { return transactionsMax; }
    public int transactionFramesMax() { return transactionFramesMax; }
    public long transactionBytesMax() { return transactionBytesMax; }
    public int outboundQueueMax() { return outboundQueueMax; }
    public long outboundQueueBytes() { return Math.max(65536, outboundQueueBytes); }
    public long sendTimeoutMillis() { return sendTimeoutMillis; }
    public int pendingAcksMax() { return pendingAcksMax; }
    public long connectTimeoutMillis() { return connectTimeoutMillis; }
    public int wsPendingPerAddress() { return Math.max(1, wsPendingPerAddress); }
    public int wsPendingMax() { return Math.max(1, wsPendingMax); }
    public String heartbeat() { return heartbeat; }
    public List<String> origins() { return origins; }
    public long revokeWindowSeconds() { return revokeWindowSeconds; }
    public long editWindowSeconds() { return editWindowSeconds; }
    public long userSigMaxLifetimeSeconds() { return userSigMaxLifetimeSeconds; }
    public long clockSkewSeconds() { return clockSkewSeconds; }
    public long signatureWindowSeconds() { return signatureWindowSeconds; }
    public long nonceTtlSeconds() { return nonceTtlSeconds; }
    public int apiMaxBodyBytes() { return apiMaxBodyBytes; }
    public Optional<String> masterKey() { return masterKey.filter(s -> !s.isBlank()); }
    public Optional<String> demoAppSecret() { return demoAppSecret.filter(s -> !s.isBlank()); }
    public boolean demo() { return demo; }
    public Optional<String> dataDir() { return dataDir.filter(s -> !s.isBlank()); }
    public Optional<String> jwtKeys() { return jwtKeys.filter(s -> !s.isBlank()); }
    public Optional<String> jwtKeysFile() { return jwtKeysFile.filter(s -> !s.isBlank()); }
    public String jwtIssuer() { return jwtIssuer; }
    public long imJwtTtlSeconds() { return imJwtTtlSeconds; }
    public long consoleJwtTtlSeconds() { return consoleJwtTtlSeconds; }
    public int passwordMinLength() { return Math.max(8, passwordMinLength); }
    public int argon2MemoryKib() { return Math.max(19456, argon2MemoryKib); }
    public int argon2Iterations() { return Math.max(2, argon2Iterations); }
    public int argon2Parallelism() { return Math.max(1, argon2Parallelism); }
    public int loginMaxFailures() { return loginMaxFailures; }
    public long loginLockSeconds() { return loginLockSeconds; }
    public int loginRatePerIpPerMinute() { return loginRatePerIpPerMinute; }
    public int loginRatePerAccountPerMinute() { return loginRatePerAccountPerMinute; }
    public int userLoginRatePerIpPerMinute() { return userLoginRatePerIpPerMinute; }
    public long secretGraceSeconds() { return secretGraceSeconds; }
    public Optional<String> ssoIssuer() { return ssoIssuer.filter(s -> !s.isBlank()); }
    public Optional<String> ssoJwksUrl() { return ssoJwksUrl.filter(s -> !s.isBlank()); }
    public Optional<String> ssoAudience() { return ssoAudience.filter(s -> !s.isBlank()); }
    public Optional<String> ssoDiscoveryUrl() { return ssoDiscoveryUrl.filter(s -> !s.isBlank()); }
    public String ssoUserClaim() { return ssoUserClaim; }
    public String ssoRolesClaim() { return ssoRolesClaim; }
    public String ssoTenantRole() { return ssoTenantRole; }
    public String ssoOpsRole() { return ssoOpsRole; }
    public String opsUser() { return opsUser; }
    public Optional<String> opsPassword() { return opsPassword.filter(s -> !s.isBlank()); }
    public Optional<String> redisUrl() { return redisUrl.filter(s -> !s.isBlank()); }
    public Optional<String> nodeId() { return nodeId.filter(s -> !s.isBlank()); }
    public long redisTimeoutMillis() { return Math.max(100, redisTimeoutMillis); }
    public long presenceTtlMillis() { return Math.max(3000, presenceTtlMillis); }
    public long orderHoldMillis() { return Math.max(10, orderHoldMillis); }
    public int lanes() { return Math.max(1, lanes); }
    public int laneBatchMax() { return Math.max(1, laneBatchMax); }
    public int laneQueueMax() { return Math.max(1, laneQueueMax); }
    public long laneQueueBytes() { return Math.max(65536, laneQueueBytes); }
    public long laneMaxWaitMillis() { return Math.max(10, laneMaxWaitMillis); }
    public long laneDrainMillis() { return Math.max(0, laneDrainMillis); }
    public long cursorFlushMillis() { return Math.max(10, cursorFlushMillis); }
    public boolean durableCommits() { return durableCommits; }
    public long cacheUsersMax() { return Math.max(100, cacheUsersMax); }
    public long cacheAppsMax() { return Math.max(10, cacheAppsMax); }
    public long pgVacuumSeconds() { return pgVacuumSeconds; }
    public String retentionRunAt() { return retentionRunAt; }
    public long retentionPeriodSeconds() { return Math.max(1, retentionPeriodSeconds); }
    public int eraseBatchMax() { return Math.max(1, Math.min(1000, eraseBatchMax)); }
    public boolean webhookAllowHttpLoopback() { return webhookAllowHttpLoopback; }
    public boolean webhookAllowPrivate() { return webhookAllowPrivate; }
    public int webhookConcurrencyPerApp() { return Math.max(1, webhookConcurrencyPerApp); }
    public int webhookBreakerFailures() { return Math.max(1, webhookBreakerFailures); }
    public long webhookBreakerOpenMillis() { return Math.max(100, webhookBreakerOpenMillis); }
    public long webhookWorkerPeriodMillis() { return Math.max(50, webhookWorkerPeriodMillis); }
    public int webhookWorkerBatch() { return Math.max(1, Math.min(1000, webhookWorkerBatch)); }
    public long webhookRetryBaseMillis() { return Math.max(100, webhookRetryBaseMillis); }
    public long webhookRetryForMillis() { return Math.max(1000, webhookRetryForMillis); }
    public int pushWorkers() { return Math.max(1, Math.min(256, pushWorkers)); }
    public int pushQueue() { return Math.max(1, pushQueue); }
    public long pushTimeoutMillis() { return Math.max(500, Math.min(60_000, pushTimeoutMillis)); }
    public boolean pushAllowEndpointOverride() { return pushAllowEndpointOverride; }
    public Optional<String> pushTrustFile() { return pushTrustFile.filter(s -> !s.isBlank()); }
    /** Longer than the longest call (5 s) with room to record its outcome. */
    public long webhookLeaseMillis() { return Math.max(7000, webhookLeaseMillis); }
}
