package com.xuqinmin.im.social;

/**
 * What the send path asks about two users before a single-chat message goes from one to the other:
 * whether the receiver blocked the sender, and whether the app's policy wants them to be friends
 * first. Answered from caches in the server ({@link RelationCache}), from memory in the tests.
 */
public interface Relations {

    /** Why a single-chat message may not go from {@code fromId} to {@code toId}, or OK. */
    enum Verdict { OK, BLOCKED, NOT_FRIENDS }

    Verdict singleChat(String appKey, String fromId, String toId);

    /** No relations at all: anyone may message anyone (the behaviour before the social layer). */
    Relations NONE = (appKey, fromId, toId) -> Verdict.OK;
}
