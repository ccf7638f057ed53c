package com.xuqinmin.im.chat;

import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.delivery.ConversationRead;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.util.concurrent.CompletionStage;

/**
 * Read receipts (PROTOCOL.md §4 {@code chat.read}): the {@link ReadRules} check the request on the
 * caller's thread; on the conversation's lane the device's read cursor moves and, when the reader's
 * read point moved, a {@link ConversationRead} goes to those the rules name. Completes after the commit.
 */
@ApplicationScoped
public class ReadService {

    @Inject
    Participants participants;

    @Inject
    ConversationRepository conversations;

    @Inject
    MessageStore store;

    @Inject
    CursorStore cursors;

    @Inject
    ConversationLanes lanes;

    @Inject
    Event<ConversationRead> reads;

    @Inject
    Clock clock;

    private ReadRules rules;

    @PostConstruct
    void start() {
        rules = new ReadRules(participants, conversations, store, clock);
    }

    /** Marks a conversation read up to a seq and tells those who should know; completes after the commit. */
    public CompletionStage<Long> read(Identity who, String deviceId, String originSession, JsonObject body) {
        ReadRules.ReadPoint p = rules.position(who, body);
        return lanes.run(who.appKey(), p.conversationId(), () -> {
            Cursor.Key key = new Cursor.Key(who.appKey(), who.userId(), deviceId, p.conversationId());
            try {
                return cursors.markRead(key, p.upTo());
            } catch (RuntimeException lostRace) {
                // the cursor tracker created the same row at the same moment: the second try updates it
                return cursors.markRead(key, p.upTo());
            }
        }, before -> rules.told(who, p, before, originSession).ifPresent(reads::fire)).thenApply(before -> p.upTo());
    }
}
