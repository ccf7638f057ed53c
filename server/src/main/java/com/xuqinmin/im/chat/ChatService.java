package com.xuqinmin.im.chat;

import com.xuqinmin.im.account.AppDirectory;
import com.xuqinmin.im.account.AppInfo;
import com.xuqinmin.im.account.Ids;
import com.xuqinmin.im.account.SystemAccount;
import com.xuqinmin.im.account.UserDirectory;
import com.xuqinmin.im.auth.Identity;
import com.xuqinmin.im.delivery.ConversationRead;
import com.xuqinmin.im.error.ErrorCode;
import com.xuqinmin.im.error.ImException;
import com.xuqinmin.im.group.GroupMember;
import com.xuqinmin.im.group.GroupService;
import com.xuqinmin.im.platform.ImConfig;
import com.xuqinmin.im.platform.Json;
import com.xuqinmin.im.platform.Tx;
import com.xuqinmin.im.platform.Ulids;
import jakarta.transaction.Transactional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The chat rules of PROTOCOL.md §3–4: who may send, revoke, sync and read what. Validation runs on
 * the caller's thread; anything that changes a conversation is handed to its lane
 * ({@link ConversationLanes}) and completes after the commit.
 */
@ApplicationScoped
public class ChatService {

    /** A user's single chats with a message; completed by a side of {@link Conversation#EITHER_USER}. */
    static final String SINGLES = "SELECT c FROM Conversation c WHERE c.lastSeq > 0 AND c.appKey = :a AND ";

    /** The groups a user is a member of with a message since it joined, and where it joined. */
    static final String GROUPS_SINCE_JOINED = "SELECT c.conversationId, c.lastSeq, m.joinedSeq, c.revokeCount "
            + "FROM Conversation c, GroupMember m WHERE m.appKey = :a AND m.userId = :u AND c.appKey = m.appKey "
            + "AND c.groupId = m.groupId AND c.lastSeq > m.joinedSeq";

    @Inject
    ImConfig config;

    @Inject
    AppDirectory apps;

    @Inject
    UserDirectory users;

    @Inject
    GroupService groups;

    @Inject
    ConversationLanes lanes;

    @Inject
    MessageStore store;

    @Inject
    CursorStore cursors;

    @Inject
    CursorTracker tracker;

    @Inject
    Event<ConversationRead> reads;

    @Inject
    ConversationService conversations;

    @PersistenceContext(unitName = "im")
    EntityManager em;

    @Inject
    Tx tx;

    /**
     * A page of sync results, oldest first per conversation; {@code more} when the limit cut it.
     * {@code revoked}: messages the device already had that were revoked since it last heard.
     */
    public record SyncPage(List<StoredMessage> messages, List<StoredMessage> revoked, boolean more) {
    }

    /**
     * Lets the caller move a conversation's starting point past seqs it knows the device already
     * has (those written to it in this session), so paging never stalls on them.
     */
    @FunctionalInterface
    public interface SyncStart {
        long startAfter(String conversationId, long storedCursor);
    }

    // ------------------------------------------------------------------ send

    /** Validates and stores a message from {@code who}; completes after the commit. */
    public CompletionStage<StoredMessage> send(Identity who, String originSession, JsonObject body) {
        return lanes.send(validateSend(who, body), originSession);
    }

    /** Validates several messages and stores them atomically (a STOMP transaction). */
    public CompletionStage<List<StoredMessage>> sendAll(Identity who, String originSession, List<JsonObject> bodies) {
        List<NewMessage> unit = new ArrayList<>(bodies.size());
        for (JsonObject b : bodies) {
            unit.add(validateSend(who, b));
        }
        if (unit.isEmpty()) {
            return java.util.concurrent.CompletableFuture.completedFuture(List.of());
        }
        return lanes.sendUnit(unit, originSession);
    }

    /**
     * The server API's send: as {@code fromId}, an active user bound by the same rules as its own
     * sends, or as the system account ({@link SystemAccount}). Every session of the sender gets a copy.
     * A messageId already used by the sender is answered with that message when it went to the same
     * conversation (a resend), and refused with DUPLICATE when it went elsewhere.
     */
    public CompletionStage<StoredMessage> sendAs(String appKey, String fromId, JsonObject body) {
        NewMessage m = validateSend(backendSender(appKey, fromId), body);
        return lanes.send(m, null).thenApply(stored -> {
            // a back-end (the system account above all) sends from many code paths: a messageId
            // reused for another conversation is a mistake to report, not a resend to answer
            if (stored.duplicate() && !stored.conversationId().equals(m.conversationId())) {
                throw new ImException(ErrorCode.DUPLICATE, "messageId " + m.clientMessageId()
                        + " of " + fromId + " was already used for a message to " + stored.toId());
            }
            return stored;
        });
    }

    /** One receiver's outcome in a batch send: the stored message, or why it was refused. */
    public record BatchOutcome(String toId, StoredMessage message, ImException failure) {
    }

    /**
     * Sends the same single-chat message from {@code fromId} to each receiver, each on its own
     * (one refused receiver does not stop the others); completes when every one is decided, with
     * one outcome per distinct receiver in the order given. Each receiver's message gets its own
     * client id, derived from {@code messageId} when given so that a retried batch is stored once.
     */
    public CompletionStage<List<BatchOutcome>> batchSend(String appKey, String fromId, List<String> toIds,
            JsonObject template) {
        Identity who = backendSender(appKey, fromId);
        String messageId = Json.string(template, "messageId");
        if (messageId != null && (messageId.isEmpty() || messageId.length() > 64 || hasControl(messageId))) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "messageId must be 1 to 64 printable characters");
        }
        List<CompletableFuture<BatchOutcome>> outcomes = new ArrayList<>(toIds.size());
        for (String toId : new java.util.LinkedHashSet<>(toIds)) {
            JsonObjectBuilder b = jakarta.json.Json.createObjectBuilder(template)
                    .add("toId", toId).add("chatType", ChatType.SINGLE.name())
                    .add("messageId", messageId == null ? Ulids.next() : batchClientId(messageId, toId));
            try {
                outcomes.add(lanes.send(validateSend(who, b.build()), null).toCompletableFuture()
                        .handle((m, err) -> new BatchOutcome(toId, m, err == null ? null : ImException.of(err))));
            } catch (ImException e) {
                outcomes.add(CompletableFuture.completedFuture(new BatchOutcome(toId, null, e)));
            }
        }
        return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                .thenApply(done -> outcomes.stream().map(CompletableFuture::join).toList());
    }

    /** A stable client id per (batch messageId, receiver): 32 characters, the same on every retry. */
    static String batchClientId(String messageId, String toId) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((messageId + "\n" + toId).getBytes(StandardCharsets.UTF_8));
            return "b-" + java.util.HexFormat.of().formatHex(h, 0, 15);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Identity backendSender(String appKey, String fromId) {
        if (fromId == null) {
            throw new ImException(ErrorCode.VALIDATION_FAILED,
                    "fromId is required: a userId, or " + SystemAccount.ID + " for the system account");
        }
        if (!SystemAccount.is(fromId)) {
            Ids.require("fromId", fromId);
            users.requireActive(appKey, fromId);
        }
        return new Identity(appKey, fromId);
    }

    NewMessage validateSend(Identity who, JsonObject body) {
        checkAppKey(who, body);
        String toId = Json.string(body, "toId");
        if (!Ids.valid(toId)) {
            throw new ImException(ErrorCode.VALIDATION_FAILED,
                    toId == null ? "toId is required" : "toId must be 1 to 64 characters of A-Z a-z 0-9 _ . @ -");
        }
        ChatType chatType = enumField(body, "chatType", ChatType.class);
        MsgType msgType = enumField(body, "msgType", MsgType.class);
        String content = Json.requireString(body, "content");
        checkContent(msgType, content);
        String clientId = Json.string(body, "messageId");
        if (clientId == null) {
            clientId = Ulids.next();
        } else if (clientId.isEmpty() || clientId.length() > 64 || hasControl(clientId)) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "messageId must be 1 to 64 printable characters");
        }
        long now = System.currentTimeMillis();
        // the system account (server API only) has no user row: it is never disabled or muted, and
        // may speak in any active group of the app
        boolean system = SystemAccount.is(who.userId());
        UserDirectory.UserState sender = system ? null : users.state(who.appKey(), who.userId());
        if (sender != null && !sender.active()) {
            throw new ImException(ErrorCode.USER_DISABLED);
        }
        String conversationId;
        if (chatType == ChatType.SINGLE) {
            if (!users.state(who.appKey(), toId).active()) {
                throw new ImException(ErrorCode.USER_NOT_FOUND, "user " + toId + " not found");
            }
            conversationId = ConversationId.single(who.userId(), toId);
        } else {
            if (system) {
                groups.activeGroup(who.appKey(), toId);
            } else {
                GroupService.MemberState s = groups.requireMember(who.appKey(), toId, who.userId());
                // owners and admins speak through the group's own mutes
                if (!s.member().canModerate() && (s.member().isMutedAt(now) || s.group().isMutedAll())) {
                    throw new ImException(ErrorCode.USER_MUTED, "you are muted in group " + toId);
                }
            }
            conversationId = ConversationId.group(toId);
        }
        // a user muted by the app is muted everywhere, in groups it moderates too
        if (sender != null && sender.mutedAt(now)) {
            throw new ImException(ErrorCode.USER_MUTED, "you are muted");
        }
        return new NewMessage(Ulids.next(), who.appKey(), conversationId, chatType, who.userId(), toId, msgType,
                content, clientId, now);
    }

    private void checkContent(MsgType type, String content) {
        if (type == MsgType.TEXT) {
            if (content.isEmpty()) {
                throw new ImException(ErrorCode.VALIDATION_FAILED, "content must not be empty");
            }
            int chars = content.codePointCount(0, content.length());
            if (chars > config.textMaxChars()) {
                throw new ImException(ErrorCode.CONTENT_TOO_LARGE,
                        "TEXT content is " + chars + " characters; the limit is " + config.textMaxChars());
            }
        } else {
            int bytes = content.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > config.contentMaxBytes()) {
                throw new ImException(ErrorCode.CONTENT_TOO_LARGE,
                        type + " content is " + bytes + " bytes; the limit is " + config.contentMaxBytes());
            }
        }
    }

    // ------------------------------------------------------------------ revoke

    /** Revokes a message by server id or by the requester's own client id; completes after the commit. */
    public CompletionStage<StoredMessage> revoke(Identity who, String originSession, JsonObject body) {
        checkAppKey(who, body);
        String messageId = Json.requireString(body, "messageId");
        Message m = store.find(who.appKey(), messageId)
                .filter(x -> canSee(who, x))
                .or(() -> store.findByClientId(who.appKey(), who.userId(), messageId))
                .orElseThrow(() -> new ImException(ErrorCode.MESSAGE_NOT_FOUND, "message " + messageId + " not found"));
        AppInfo app = apps.find(who.appKey()).orElseThrow(() -> new ImException(ErrorCode.APP_DISABLED));
        long now = System.currentTimeMillis();
        boolean moderator = m.getChatType() == ChatType.GROUP
                && groups.member(who.appKey(), m.getToId(), who.userId()).map(GroupMember::canModerate).orElse(false);
        if (!moderator) {
            if (!m.getFromId().equals(who.userId())) {
                throw new ImException(ErrorCode.NOT_MESSAGE_SENDER);
            }
            if (now - m.getCreatedAt() > app.revokeWindowSeconds() * 1000) {
                throw new ImException(ErrorCode.REVOKE_WINDOW_PASSED,
                        "messages can be revoked within " + app.revokeWindowSeconds() + " s of sending");
            }
        }
        return revokeStored(m, originSession, now);
    }

    /** The server API's revoke: any message of the app by its server id, with no time window. */
    public CompletionStage<StoredMessage> revokeById(String appKey, String id) {
        Message m = store.find(appKey, id)
                .orElseThrow(() -> new ImException(ErrorCode.MESSAGE_NOT_FOUND, "message " + id + " not found"));
        return revokeStored(m, null, System.currentTimeMillis());
    }

    /** Revokes without any window (server API and moderators); completes after the commit. */
    public CompletionStage<StoredMessage> revokeStored(Message m, String originSession, long now) {
        return lanes.run(m.getAppKey(), m.getConversationId(), () -> {
            // decided on the lane, not from the state read before it: of two revokes in flight, only
            // the one that changes the row announces it
            MessageStore.Revoked r = store.revoke(m.getId(), now);
            if (r.changed()) {
                lanes.publishRevoke(r.message(), originSession);
            }
            return r.message();
        });
    }

    private boolean canSee(Identity who, Message m) {
        if (m.getChatType() == ChatType.SINGLE) {
            return m.getFromId().equals(who.userId()) || m.getToId().equals(who.userId());
        }
        return groups.member(who.appKey(), m.getToId(), who.userId()).isPresent();
    }

    // ------------------------------------------------------------------ sync

    /** Everything this user-and-device has not received, up to the page limit. */
    @Transactional
    public SyncPage sync(Identity who, String deviceId, JsonObject body, SyncStart start) {
        checkAppKey(who, body);
        Long requested = Json.integer(body, "limit");
        int max = config.syncPageMax();
        if (requested != null && requested < 1) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "limit must be at least 1");
        }
        int limit = requested == null ? max : (int) Math.min(requested, max);

        tracker.flushDevice(who.appKey(), who.userId(), deviceId);
        Map<String, Cursor> positions = cursors.cursorsOf(who.appKey(), who.userId(), deviceId);

        List<Object[]> convs = new ArrayList<>();
        for (String side : Conversation.EITHER_USER) {
            for (Conversation c : em.createQuery(SINGLES + side, Conversation.class)
                    .setParameter("a", who.appKey()).setParameter("u", who.userId()).getResultList()) {
                convs.add(new Object[] {c.getConversationId(), c.getLastSeq(), 0L, c.getRevokeCount()});
            }
        }
        for (Object[] row : em.createQuery(GROUPS_SINCE_JOINED, Object[].class)
                .setParameter("a", who.appKey()).setParameter("u", who.userId()).getResultList()) {
            convs.add(row);
        }
        convs.sort(Comparator.comparing(r -> (String) r[0]));

        List<StoredMessage> out = new ArrayList<>();
        List<StoredMessage> revoked = new ArrayList<>();
        boolean more = false;
        for (Object[] c : convs) {
            String cid = (String) c[0];
            long lastSeq = ((Number) c[1]).longValue();
            long base = ((Number) c[2]).longValue();
            long revokes = ((Number) c[3]).longValue();
            Cursor position = positions.get(cid);
            long delivered = position == null ? base : position.getDeliveredSeq();
            if (position != null && revokes > position.getRevokesSeen() && revoked.size() < limit) {
                revoked.addAll(store.revokedSince(who.appKey(), cid, position.getRevokesSeen(), delivered,
                        limit - revoked.size()));
                cursors.revokesSeen(new Cursor.Key(who.appKey(), who.userId(), deviceId, cid), revokes);
            }
            long from = Math.max(base, delivered);
            from = Math.max(from, start.startAfter(cid, from));
            if (lastSeq <= from) {
                continue;
            }
            int remaining = limit - out.size();
            if (remaining <= 0) {
                more = true;
                break;
            }
            List<StoredMessage> page = store.after(who.appKey(), cid, from, remaining);
            out.addAll(page);
            if (page.size() == remaining && page.get(page.size() - 1).seq() < lastSeq) {
                more = true;
            }
        }
        return new SyncPage(out, revoked, more);
    }

    // ------------------------------------------------------------------ read

    /** Marks a conversation read up to a seq and tells those who should know; completes after the commit. */
    public CompletionStage<Long> read(Identity who, String deviceId, String originSession, JsonObject body) {
        checkAppKey(who, body);
        String cid = Json.requireString(body, "conversationId");
        Long seq = Json.integer(body, "seq");
        if (seq == null || seq < 1) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "seq must be a positive integer");
        }
        String peer = conversations.requireParticipant(who, cid);
        Conversation conv = tx.call(() -> em.find(Conversation.class, new Conversation.Key(who.appKey(), cid)));
        if (conv == null || conv.getLastSeq() == 0) {
            throw new ImException(ErrorCode.CONVERSATION_NOT_FOUND, "conversation " + cid + " has no messages");
        }
        long upto = Math.min(seq, conv.getLastSeq());
        String peerId = peer;  // null for a group
        return lanes.run(who.appKey(), cid, () -> {
            Cursor.Key key = new Cursor.Key(who.appKey(), who.userId(), deviceId, cid);
            long before;
            try {
                before = cursors.markRead(key, upto);
            } catch (RuntimeException lostRace) {
                // the cursor tracker created the same row at the same moment: the second try updates it
                before = cursors.markRead(key, upto);
            }
            if (upto > before) {
                List<String> notify = new ArrayList<>();
                if (peerId != null) {
                    notify.add(peerId);
                } else {
                    for (String s : store.sendersBetween(who.appKey(), cid, before, upto)) {
                        if (!s.equals(who.userId())) {
                            notify.add(s);
                        }
                    }
                }
                if (!notify.contains(who.userId())) {
                    notify.add(who.userId()); // the reader's other devices learn it too
                }
                reads.fire(new ConversationRead(who.appKey(), cid, who.userId(), upto, notify,
                        MessageJson.readNotice(cid, who.userId(), upto, System.currentTimeMillis()), originSession));
            }
            return upto;
        });
    }

    // ------------------------------------------------------------------ helpers

    private static void checkAppKey(Identity who, JsonObject body) {
        String appKey = Json.string(body, "appKey");
        if (appKey != null && !appKey.equals(who.appKey())) {
            throw new ImException(ErrorCode.APP_MISMATCH, "appKey " + appKey + " does not match the token's app");
        }
    }

    private static <E extends Enum<E>> E enumField(JsonObject body, String field, Class<E> type) {
        String v = Json.requireString(body, field);
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                allowed.append(allowed.length() == 0 ? "" : ", ").append(c.name());
            }
            throw new ImException(ErrorCode.VALIDATION_FAILED, field + " must be one of " + allowed);
        }
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
