package com.xuqinmin.im.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

/**
 * The single-node bus: a synchronous CDI event observed by this node's session registry. The
 * observer only queues frames on sessions, so firing is cheap and keeps per-conversation order.
 */
@ApplicationScoped
@Typed(LocalDeliveryBus.class) // chosen by DeliveryBuses, not injected as a DeliveryBus directly
public class LocalDeliveryBus implements DeliveryBus {

    @Inject
    Event<Delivery> event;

    @Override
    public void publish(Delivery delivery) {
        event.fire(delivery);
    }
}
