package com.xuqinmin.im.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.function.Supplier;

/**
 * Runs a piece of work in a transaction. WebSocket and scheduler threads have no transaction of
 * their own, and the container's EntityManager refuses to work without one; cached lookups use
 * this on a cache miss only, so a hit costs no transaction.
 */
@ApplicationScoped
public class Tx {

    @Transactional(Transactional.TxType.REQUIRED)
    public <T> T call(Supplier<T> work) {
        return work.get();
    }
}
