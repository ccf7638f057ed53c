package com.xuqinmin.im.chat;

import com.xuqinmin.im.account.Apps;
import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.group.Memberships;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.Json;
import com.xuqinmin.im.webhook.Hook;
import com.xuqinmin.im.webhook.Moderation;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Editing (protocol.md {@code chat.edit}, the IM client's and the server API's edit): the
 * {@link EditRules} decide on the caller's thread; a user's edit then goes through the app's
 * beforeSendMessage moderation as a send does (not ENCRYPTED ones, and not the server API's, as its
 * sends); the message's conversation lane replaces the content and announces it (an EDITED notice);
 * the stage completes after the commit.
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

    @Inject
    Moderation moderation;

    private EditRules rules;

    @PostConstruct
    void start() {
        rules = new EditRules(store, groups, apps, new SendRules.Limits(config.textMaxChars(), config.contentMaxBytes()),
                clock);
    }

    /** Edits the caller's own message by server id or client id; completes after the commit. */
    public CompletionStage<StoredMessage> edit(Identity who, String originSession, JsonObject body) {
        EditRules.Edit e = rules.byUser(who, body);
        // as a send: ciphertext is never moderated, and no lane or transaction waits for the back-end
        Hook hook = e.message().getMsgType() == MsgType.ENCRYPTED ? null
                : moderation.beforeSendMessage(who.appKey());
        if (hook == null) {
            return editOnLane(e, originSession);
        }
        return moderation.moderate(hook, eventMessage(e), e, content -> rules.withContent(e, content))
                .thenCompose(checked -> editOnLane(checked, originSession));
    }

    /**
     * The {@code message} of the beforeSendMessage event of an edit: the message with its new
     * {@code content}, and its {@code seq} and the edit's {@code editedAt}, which a new message has not.
     */
    static String eventMessage(EditRules.Edit e) {
        Message m = e.message();
        String asSent = SendService.eventMessage(new NewMessage(m.getId(), m.getAppKey(), m.getConversationId(),
                m.getChatType(), m.getFromId(), m.getToId(), m.getMsgType(), e.content(), m.getClientMessageId(),
                m.getCreatedAt()));
        StringBuilder sb = new StringBuilder(asSent.length() + 48).append(asSent, 0, asSent.length() - 1);
        Json.field(sb, "seq", m.getSeq());
        Json.field(sb, "editedAt", e.at());
        return sb.append('}').toString();
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
