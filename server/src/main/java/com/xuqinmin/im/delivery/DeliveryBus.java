package com.xuqinmin.im.delivery;

/**
 * Hands deliveries to every node's session registry. The embedded mode has one node and uses CDI
 * events ({@link LocalDeliveryBus}); a cluster publishes through Redis as well ({@link RedisDeliveryBus}).
 * {@link DeliveryBuses} picks one at start-up.
 * Callers publish only after the change they announce has been committed.
 */
public interface DeliveryBus {

    void publish(Delivery delivery);
}
