package com.xuqinmin.im.delivery;

import com.xuqinmin.im.platform.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/** Chooses the delivery bus once: Redis when {@code IM_REDIS_URL} is set, the in-process one otherwise. */
@ApplicationScoped
public class DeliveryBuses {

    @Produces
    @ApplicationScoped
    DeliveryBus bus(Redis redis, Instance<LocalDeliveryBus> local, Instance<RedisDeliveryBus> cluster) {
        return redis.enabled() ? cluster.get() : local.get();
    }
}
