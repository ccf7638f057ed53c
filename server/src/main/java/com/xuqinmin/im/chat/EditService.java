package com.xuqinmin.im.chat;

import com.xuqinmin.im.account.Apps;
import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.group.Memberships;
import com.xuqinmin.im.platform.ImConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Editing (protocol.md {@code chat.edit}, the IM client's and the server API's edit): the
 * {@link EditRules} decide on the caller's thread, the message's conversation lane replaces the content
 * and announces it (an EDITED notice); the stage completes after the commit.
 */
@ApplicationScoped
public class EditService {

    @Inject
    MessageStore store;

    @Inject
    Memberships groups;

    @Inject
    Apps apps;

    @Inject
    ConversationLanes lanes;

    @Inject
    ImConfig config;

    @Inject
    Clock clock;

    private EditRules rules;

    @PostConstruct
    void start() {
        rules = new EditRules(store, groups, apps, new SendRules.Limits(config.textMaxChars(), config.contentMaxBytes()),
                clock);
    }

    /** Edits the caller's own message by server id or client id; completes after the commit. */
    public CompletionStage<StoredMessage> edit(Identity who, String originSession, JsonObject body) {
        return editOnLane(rules.byUser(who, body), originSession);
    }

    /** The server API's edit: any message of the app by its server id, with no time window. */
    public CompletionStage<StoredMessage> editById(String appKey, String id, JsonObject body) {
        return editOnLane(rules.byApp(appKey, id, body), null);
    }

    /** The versions of a message of a conversation {@code who} is in, oldest first (empty if never edited). */
    public List<MessageStore.Version> versions(Identity who, String id) {
        return store.versions(rules.visible(who, id).getId());
    }

    private CompletionStage<StoredMessage> editOnLane(EditRules.Edit e, String originSession) {
        Message m = e.message();
        // decided on the lane, not from the state read before it: a revoke or the same edit id in
        // flight is seen there, and only the call that changes the row announces it
        return lanes.run(m.getAppKey(), m.getConversationId(),
                () -> store.edit(m.getId(), e.content(), e.at(), e.editId()), done -> {
                    if (done.changed()) {
                        lanes.publishEdit(done.message(), originSession);
                    }
                }).thenApply(MessageStore.Edited::message);
    }
}
