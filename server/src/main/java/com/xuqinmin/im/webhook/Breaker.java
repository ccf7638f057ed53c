package com.xuqinmin.im.webhook;

/**
 * One app's circuit breaker: after {@code threshold} failures in a row it opens for {@code openNanos},
 * during which calls are not made (the failure policy applies at once); then one trial call is let
 * through, and its outcome closes or reopens it.
 */
final class Breaker {

    private final int threshold;
    private final long openNanos;
    private int failures;
    private long openUntil;
    private boolean trialOut;

    Breaker(int threshold, long openNanos) {
        this.threshold = threshold;
        this.openNanos = openNanos;
    }

    /** Whether a call may be made now. */
    synchronized boolean allow(long now) {
        if (failures < threshold) {
            return true;
        }
        if (now - openUntil < 0 || trialOut) {
            return false;
        }
        trialOut = true; // half-open: one call decides
        return true;
    }

    synchronized void success() {
        failures = 0;
        trialOut = false;
    }

    synchronized void failure(long now) {
        failures++;
        trialOut = false;
        if (failures >= threshold) {
            openUntil = now + openNanos;
        }
    }

    synchronized boolean open(long now) {
        return failures >= threshold && now - openUntil < 0;
    }
}
