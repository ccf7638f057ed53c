package com.xuqinmin.im.gateway;

import com.xuqinmin.im.platform.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/** Chooses where online status lives: Redis when {@code IM_REDIS_URL} is set, this node otherwise. */
@ApplicationScoped
public class Presences {

    @Produces
    @ApplicationScoped
    Presence presence(Redis redis, Instance<LocalPresence> local, Instance<RedisPresence> cluster) {
        return redis.enabled() ? cluster.get() : local.get();
    }
}
