package com.xuqinmin.im.delivery;

/**
 * Hands deliveries to every node's session registry. The embedded mode has one node and uses CDI
 * events ({@link LocalDeliveryBus}); a cluster adds a transport behind the same interface.
 * Callers publish only after the change they announce has been committed.
 */
public interface DeliveryBus {

    void publish(Delivery delivery);
}
