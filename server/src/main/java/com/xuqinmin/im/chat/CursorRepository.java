package com.xuqinmin.im.chat;

import java.util.Map;

/**
 * The per-device cursors as sync reads them: where a device stands in each conversation, and how
 * many of its revokes it has been told about. {@link CursorStore} is the JPA one.
 */
public interface CursorRepository {

    /** The cursor rows of one device, by conversation id. */
    Map<String, Cursor> cursorsOf(String appKey, String userId, String deviceId);

    /** Records that a device has been told about the conversation's first {@code count} revokes. */
    void revokesSeen(Cursor.Key key, long count);
}
