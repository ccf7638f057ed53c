package com.xuqinmin.im.delivery;

/**
 * Two users' relation changed (a friendship made or ended, a block added or lifted): every node
 * forgets what it cached about the pair.
 */
public record RelationChanged(String appKey, String userId, String otherId) implements ImEvent {
}
