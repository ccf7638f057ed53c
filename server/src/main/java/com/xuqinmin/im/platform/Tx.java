package com.xuqinmin.im.platform;

import com.xuqinmin.im.error.ImException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.function.Supplier;

/**
 * Runs a piece of work in a transaction. WebSocket and scheduler threads have no transaction of
 * their own, and the container's EntityManager refuses to work without one; cached lookups use
 * this on a cache miss only, so a hit costs no transaction.
 */
@ApplicationScoped
public class Tx {

    @Inject
    Tx self;

    @Transactional(Transactional.TxType.REQUIRED)
    public <T> T call(Supplier<T> work) {
        return work.get();
    }

    /**
     * Runs work that creates rows other requests may create at the same moment (an import, a group,
     * a membership) in a transaction of its own, and when it fails for any reason but an
     * {@link ImException}, once more: a unique key lost to a concurrent request fails the first try,
     * and the second sees the winner's rows and answers as it would for existing ones. Call it
     * outside any transaction; the work should flush, so a conflict surfaces inside it.
     */
    public <T> T callRetryingOnce(Supplier<T> work) {
        try {
            return self.call(work);
        } catch (ImException e) {
            throw e;
        } catch (RuntimeException lostRace) {
            return self.call(work);
        }
    }
}
