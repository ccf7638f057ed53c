package com.xuqinmin.im.chat;

import java.util.List;

/**
 * A page of sync results, oldest first per conversation; {@code more} when the limit cut it.
 * {@code revoked}: messages the device already had that were revoked or edited since it last heard.
 */
public record SyncPage(List<StoredMessage> messages, List<StoredMessage> revoked, boolean more) {
}
