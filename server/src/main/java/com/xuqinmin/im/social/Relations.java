package com.xuqinmin.im.social;

import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;

/**
 * What the send path asks about two users before a single-chat message goes from one to the other:
 * whether the receiver blocked the sender, and whether the app's policy wants them to be friends
 * first. Answered from caches in the server ({@link RelationCache}), from memory in the tests.
 */
public interface Relations {

    /** Why a single-chat message may not go from {@code fromId} to {@code toId}, or OK. */
    enum Verdict { OK, BLOCKED, NOT_FRIENDS }

    Verdict singleChat(String appKey, String fromId, String toId);

    /**
     * The refusal a verdict means for whatever stands for a single chat to {@code toId} (a send, the
     * key directory), or {@code null} for OK. A blocked user learns that much and nothing else (not
     * when, not whether a friendship remains).
     */
    static ImException refusal(Verdict v, String toId) {
        return switch (v) {
            case BLOCKED -> new ImException(ErrorCode.BLOCKED);
            case NOT_FRIENDS -> new ImException(ErrorCode.NOT_FRIENDS,
                    "this app lets users message their friends only; " + toId + " is not your friend");
            case OK -> null;
        };
    }

    /** Throws the {@link #refusal} of a single chat from {@code fromId} to {@code toId}, if any. */
    default void requireSingleChat(String appKey, String fromId, String toId) {
        ImException e = refusal(singleChat(appKey, fromId, toId), toId);
        if (e != null) {
            throw e;
        }
    }

    /** No relations at all: anyone may message anyone (the behaviour before the social layer). */
    Relations NONE = (appKey, fromId, toId) -> Verdict.OK;
}
