package com.xuqinmin.im.cluster;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The test cluster: two nodes from the same build on this machine's PostgreSQL and Redis, with a
 * database made for this run, one login role per node (so the database can refuse one node), and a
 * master key and token keys generated now and shared by both nodes.
 */
final class Cluster {

    static final String PG = "jdbc:postgresql://127.0.0.1:5432/";
    static final String REDIS_URL = "redis://127.0.0.1:6379";

    final String run;
    final String database;
    final String owner;
    final Node node1;
    final Node node2;
    private final String masterKey;
    private final String jwtKeys;

    Cluster() {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        run = HexFormat.of().formatHex(b);
        database = "im_cluster_" + run;
        owner = "im_cl_" + run;
        int base = Integer.getInteger("cluster.port.base", 19180);
        int https = Integer.getInteger("cluster.https.base", 19540);
        node1 = new Node("node1", base + 1, https + 1);
        node2 = new Node("node2", base + 2, https + 2);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        masterKey = Base64.getEncoder().encodeToString(key);
        try {
            jwtKeys = new JWKSet(new RSAKeyGenerator(2048).keyID("cluster-" + run).generate()).toString(false);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    String role(Node n) {
        return owner + "_" + n.name;
    }

    void start() {
        ensureServices();
        admin("CREATE ROLE " + owner + " NOLOGIN",
                "CREATE DATABASE " + database + " OWNER " + owner);
        for (Node n : List.of(node1, node2)) {
            // every node acts as the owner role, so whichever migrates first owns the tables for both
            admin("CREATE ROLE " + role(n) + " LOGIN IN ROLE " + owner,
                    "ALTER ROLE " + role(n) + " SET role TO " + owner);
        }
        node1.start(env(node1));
        node2.start(env(node2));
    }

    Map<String, String> env(Node n) {
        Map<String, String> env = new HashMap<>();
        env.put("IM_DB_URL", PG + database);
        env.put("IM_DB_USER", role(n));
        env.put("IM_DB_PASSWORD", "");
        env.put("IM_REDIS_URL", REDIS_URL);
        env.put("IM_NODE_ID", n.name);
        env.put("IM_MASTER_KEY", masterKey);
        env.put("IM_JWT_KEYS", jwtKeys);
        env.put("IM_PRESENCE_TTL_MS", "5000");
        env.put("IM_LOGIN_RATE_PER_IP", "1000");
        env.put("IM_HEARTBEAT", "0,0");
        env.put("IM_PG_VACUUM_SECONDS", "2");
        // the webhook tests' tenant back-end listens on 127.0.0.1 over http; a node killed while
        // delivering has its claims taken over after 8 s instead of a minute
        env.put("IM_WEBHOOK_ALLOW_HTTP_LOOPBACK", "true");
        env.put("IM_PUSH_ALLOW_ENDPOINT_OVERRIDE", "true"); // the push test's FCM, on 127.0.0.1
        env.put("IM_WEBHOOK_LEASE_MS", "8000");
        return env;
    }

    void stop() {
        node1.stop();
        node2.stop();
        try {
            admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'",
                    "DROP DATABASE IF EXISTS " + database,
                    "DROP ROLE IF EXISTS " + role(node1), "DROP ROLE IF EXISTS " + role(node2),
                    "DROP ROLE IF EXISTS " + owner);
        } catch (RuntimeException e) {
            System.err.println("could not drop the cluster test database: " + e);
        }
    }

    /** The database stops accepting this node's role and ends its open connections. */
    void refuse(Node n) {
        admin("ALTER ROLE " + role(n) + " NOLOGIN",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role(n) + "'");
    }

    void accept(Node n) {
        admin("ALTER ROLE " + role(n) + " LOGIN");
    }

    /** Statements as the superuser on the maintenance database. */
    static void admin(String... sql) {
        try (Connection c = DriverManager.getConnection(PG + "postgres", "postgres", "");
                Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A connection to this run's database, as the superuser (to look at what was stored). */
    Connection db() throws SQLException {
        return DriverManager.getConnection(PG + database, "postgres", "");
    }

    // ------------------------------------------------------------------ the machine's services

    static void ensureServices() {
        if (!sh("pg_isready", "-h", "127.0.0.1", "-p", "5432")) {
            sh("bash", "-c", "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start");
        }
        if (!redisUp()) {
            startRedis();
        }
    }

    static boolean redisUp() {
        return sh("redis-cli", "-h", "127.0.0.1", "-p", "6379", "ping");
    }

    static void stopRedis() {
        sh("redis-cli", "-h", "127.0.0.1", "-p", "6379", "shutdown", "nosave");
        for (int i = 0; i < 50 && redisUp(); i++) {
            Node.sleep(100);
        }
    }

    /** Starts Redis as the machine's set-up does (TOOLCHAIN.md). */
    static void startRedis() {
        sh("redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379", "--save", "",
                "--appendonly", "no", "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log");
        for (int i = 0; i < 100 && !redisUp(); i++) {
            Node.sleep(100);
        }
    }

    private static boolean sh(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
