package com.xuqinmin.im.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * What {@code /health/ready} and {@code /health/live} report (MicroProfile Health): ready while the
 * database answers and, in a cluster, Redis does; live while the server runs at all (a node whose
 * database or Redis is away stays live: it recovers by itself and must not be restarted for it).
 */
public final class Health {

    private Health() {
    }

    /** Readiness: a pooled connection to the database is valid. */
    @Readiness
    @ApplicationScoped
    public static class Database implements HealthCheck {

        @Resource(lookup = "jdbc/im")
        DataSource dataSource;

        @Override
        public HealthCheckResponse call() {
            long start = System.nanoTime();
            try (Connection c = dataSource.getConnection()) {
                boolean valid = c.isValid(2);
                return HealthCheckResponse.named("database").status(valid)
                        .withData("product", c.getMetaData().getDatabaseProductName())
                        .withData("millis", (System.nanoTime() - start) / 1_000_000).build();
            } catch (Exception e) {
                return HealthCheckResponse.named("database").down()
                        .withData("error", String.valueOf(e.getMessage())).build();
            }
        }
    }

    /** Readiness: Redis answers a PING (always up on a single node without IM_REDIS_URL). */
    @Readiness
    @ApplicationScoped
    public static class RedisCheck implements HealthCheck {

        @Inject
        Redis redis;

        @Override
        public HealthCheckResponse call() {
            if (!redis.enabled()) {
                return HealthCheckResponse.named("redis").up().withData("mode", "single node").build();
            }
            boolean up;
            String error = null;
            try {
                up = redis.up() && "PONG".equals(redis.commands().orElseThrow().sync().ping());
            } catch (RuntimeException e) {
                up = false;
                error = e.getMessage();
            }
            var b = HealthCheckResponse.named("redis").status(up).withData("node", redis.nodeId());
            return (error == null ? b : b.withData("error", error)).build();
        }
    }

    /** Liveness: the application is started. */
    @Liveness
    @ApplicationScoped
    public static class Server implements HealthCheck {

        @Inject
        Redis redis;

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("server").up().withData("node", redis.nodeId()).build();
        }
    }
}
