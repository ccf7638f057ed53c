package com.xuqinmin.im.api;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits on the request thread for work a conversation's lane completes after its commit (a send,
 * a revoke, a read), so an HTTP answer, like a STOMP RECEIPT, means "stored and delivered".
 */
final class Await {

    private static final long TIMEOUT_SECONDS = 30;

    private Await() {
    }

    static <T> T result(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw ImException.of(e.getCause());
        } catch (TimeoutException e) {
            // it may still be stored: a retry with the same messageId is answered with it, not stored twice
            throw new ImException(ErrorCode.SERVICE_UNAVAILABLE, "the server is busy; send it again with the same messageId");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImException(ErrorCode.SERVICE_UNAVAILABLE, "interrupted");
        }
    }
}
