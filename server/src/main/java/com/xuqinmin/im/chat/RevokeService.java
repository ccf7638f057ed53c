package com.xuqinmin.im.chat;

import com.xuqinmin.im.account.Apps;
import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.group.Memberships;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.util.concurrent.CompletionStage;

/**
 * Revoking (PROTOCOL.md §4 {@code chat.revoke}, the server API's revoke): the {@link RevokeRules}
 * decide on the caller's thread, the message's conversation lane marks it revoked and announces it;
 * the stage completes after the commit.
 */
@ApplicationScoped
public class RevokeService {

    @Inject
    MessageStore store;

    @Inject
    Memberships groups;

    @Inject
    Apps apps;

    @Inject
    ConversationLanes lanes;

    @Inject
    Clock clock;

    private RevokeRules rules;

    @PostConstruct
    void start() {
        rules = new RevokeRules(store, groups, apps, clock);
    }

    /** Revokes a message by server id or by the requester's own client id; completes after the commit. */
    public CompletionStage<StoredMessage> revoke(Identity who, String originSession, JsonObject body) {
        return revokeOnLane(rules.byUser(who, body), originSession);
    }

    /** The server API's revoke: any message of the app by its server id, with no time window. */
    public CompletionStage<StoredMessage> revokeById(String appKey, String id) {
        return revokeOnLane(rules.byApp(appKey, id), null);
    }

    private CompletionStage<StoredMessage> revokeOnLane(RevokeRules.Revocation r, String originSession) {
        Message m = r.message();
        // decided on the lane, not from the state read before it: of two revokes in flight, only the
        // one that changes the row announces it, once the change is written
        return lanes.run(m.getAppKey(), m.getConversationId(), () -> store.revoke(m.getId(), r.at()), done -> {
            if (done.changed()) {
                lanes.publishRevoke(done.message(), originSession);
            }
        }).thenApply(MessageStore.Revoked::message);
    }
}
