package com.xuqinmin.im.chat;

/**
 * How many messages of a conversation a user has not read. The user has seen everything up to the
 * highest of: what any of its devices marked read, its own latest message (replying means having
 * read what came before, and the user's own messages are never unread), and, in a group, the point
 * where it joined (what was said before is not the user's to read). Everything after that point is
 * unread; seqs have no gaps, so it is a subtraction.
 */
public final class Unread {

    private Unread() {
    }

    /**
     * @param lastSeq    the conversation's last seq
     * @param readSeq    the highest seq any of the user's devices marked read (0 when none)
     * @param ownLastSeq the seq of the user's own latest message in the conversation (0 when none)
     * @param joinedSeq  for a group, the conversation's last seq when the user joined; 0 for a single chat
     */
    public static long count(long lastSeq, long readSeq, long ownLastSeq, long joinedSeq) {
        long seen = Math.max(Math.max(readSeq, ownLastSeq), joinedSeq);
        return Math.max(0, lastSeq - seen);
    }
}
