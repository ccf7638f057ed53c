package com.xuqinmin.im.erasure;

import com.xuqinmin.im.account.PushDevices;
import com.xuqinmin.im.account.UserDirectory;
import com.xuqinmin.im.chat.CursorStore;
import com.xuqinmin.im.chat.CursorTracker;
import com.xuqinmin.im.chat.MessageStore;
import com.xuqinmin.im.group.GroupService;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.ImMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Logger;

/**
 * A user's hard delete (the server API's {@code DELETE …/users/{userId}?purge=true}), in one place:
 * every feature that keeps data about a user adds its step to {@link #finish}.
 *
 * <p>First the user becomes a tombstone and its sockets close; then, in transactions of at most
 * {@code IM_ERASE_BATCH_MAX} rows, the content of every message it sent is erased (each row stays,
 * DELETED, so the conversations' seqs stay gap-free), it leaves the groups it does not own, and
 * its devices' cursors and push tokens are deleted, and so are its friendships, friend requests and
 * blocks (both ways), its notices and its conversation settings. Every step can run again: calling the purge twice, or the daily
 * job finishing a purge that stopped half-way ({@link ErasureJob}), erases what is left and changes
 * nothing else.
 */
@ApplicationScoped
public class UserPurge {

    private static final Logger LOG = Logger.getLogger(UserPurge.class.getName());

    @Inject
    UserDirectory users;

    @Inject
    MessageStore messages;

    @Inject
    GroupService groups;

    @Inject
    CursorStore cursors;

    @Inject
    PushDevices pushDevices;

    @Inject
    com.xuqinmin.im.account.DeviceKeys deviceKeys;

    @Inject
    CursorTracker tracker;

    @Inject
    com.xuqinmin.im.social.SocialPurge relations;

    @Inject
    com.xuqinmin.im.chat.ConversationSettings conversationSettings;

    @Inject
    ImConfig config;

    @Inject
    ImMetrics metrics;

    /** What a purge did: the messages whose content it erased, the groups the user still owns. */
    public record Purged(long erasedMessages, List<String> ownedGroups) {
    }

    /** Hard-deletes a user; USER_NOT_FOUND when it never existed. A user deleted before is purged all the same. */
    public Purged purge(String appKey, String userId) {
        users.purge(appKey, userId);
        Purged p = finish(appKey, userId);
        LOG.info(() -> "hard delete of user " + userId + " of app " + appKey + ": " + p.erasedMessages()
                + " messages erased" + (p.ownedGroups().isEmpty() ? "" : ", still owns groups " + p.ownedGroups()));
        return p;
    }

    /**
     * Everything after the tombstone, for a user already purged; each step idempotent, each
     * transaction bounded. The daily job calls it again for recent purges.
     */
    public Purged finish(String appKey, String userId) {
        long erased = eraseMessagesOf(appKey, userId);
        List<String> owned = groups.leaveAll(appKey, userId);
        relations.forgetUser(appKey, userId);
        conversationSettings.forgetUser(appKey, userId);
        // what this node holds unwritten would be written again after the delete
        tracker.forgetUser(appKey, userId);
        for (String device : cursors.devicesOf(appKey, userId)) {
            cursors.deleteDevice(appKey, userId, device);
        }
        pushDevices.removeAll(appKey, userId);
        deviceKeys.removeAll(appKey, userId);
        return new Purged(erased, owned);
    }

    private long eraseMessagesOf(String appKey, String userId) {
        int batch = config.eraseBatchMax();
        long total = 0;
        String after = "";
        MessageStore.Erased page;
        do {
            page = messages.eraseSentBy(appKey, userId, after, batch);
            total += page.erased();
            metrics.erased(page.erased());
            after = page.last();
        } while (page.scanned() == batch);
        return total;
    }
}
