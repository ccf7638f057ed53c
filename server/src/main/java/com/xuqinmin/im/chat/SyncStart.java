package com.xuqinmin.im.chat;

/**
 * Lets the caller move a conversation's starting point past seqs it knows the device already
 * has (those written to it in this session), so paging never stalls on them.
 */
@FunctionalInterface
public interface SyncStart {
    long startAfter(String conversationId, long storedCursor);
}
