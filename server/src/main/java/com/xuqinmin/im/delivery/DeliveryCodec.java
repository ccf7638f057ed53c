package com.xuqinmin.im.delivery;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ImEvent}s as JSON on the Redis bus, each wrapped with the publishing node and the time it
 * was published (for the bus-lag metric). Plain Java, so its round trip is unit-tested.
 */
public final class DeliveryCodec {

    /** An event read from the bus, with where and when it was published. */
    public record Envelope(String node, long publishedAt, ImEvent event) {
    }

    private DeliveryCodec() {
    }

    public static String encode(String node, long publishedAt, ImEvent event) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("node", node).add("at", publishedAt)
                .add("appKey", event.appKey());
        if (event instanceof MessageStored m) {
            b.add("type", "stored").add("conversationId", m.conversationId()).add("group", m.group())
                    .add("fromId", m.fromId()).add("toId", m.toId()).add("seq", m.seq()).add("json", m.json())
                    .add("createdAt", m.createdAt());
            optional(b, "originSession", m.originSession());
        } else if (event instanceof MessageRevoked r) {
            b.add("type", "revoked").add("conversationId", r.conversationId()).add("group", r.group())
                    .add("fromId", r.fromId()).add("toId", r.toId()).add("seq", r.seq()).add("json", r.json());
            optional(b, "originSession", r.originSession());
        } else if (event instanceof MessageEdited r) {
            b.add("type", "edited").add("conversationId", r.conversationId()).add("group", r.group())
                    .add("fromId", r.fromId()).add("toId", r.toId()).add("seq", r.seq()).add("json", r.json());
            optional(b, "originSession", r.originSession());
        } else if (event instanceof ConversationRead r) {
            JsonArrayBuilder users = Json.createArrayBuilder();
            r.recipients().forEach(users::add);
            b.add("type", "read").add("conversationId", r.conversationId()).add("readerId", r.readerId())
                    .add("seq", r.seq()).add("recipients", users).add("json", r.json()).add("fromSeq", r.fromSeq());
            optional(b, "originSession", r.originSession());
        } else if (event instanceof MemberLeft l) {
            b.add("type", "memberLeft").add("groupId", l.groupId()).add("userId", l.userId());
        } else if (event instanceof GroupDismissed g) {
            b.add("type", "groupDismissed").add("groupId", g.groupId());
        } else if (event instanceof UserKicked k) {
            b.add("type", "kicked").add("userId", k.userId()).add("reason", k.reason());
        } else if (event instanceof SessionsKicked k) {
            jakarta.json.JsonArrayBuilder ids = jakarta.json.Json.createArrayBuilder();
            k.sessionIds().forEach(ids::add);
            b.add("type", "sessionsKicked").add("userId", k.userId()).add("sessionIds", ids).add("reason", k.reason());
        } else if (event instanceof UserChanged u) {
            b.add("type", "userChanged").add("userId", u.userId());
        } else if (event instanceof AppChanged a) {
            b.add("type", "appChanged").add("disabled", a.disabled());
        } else if (event instanceof RelationChanged r) {
            b.add("type", "relationChanged").add("userId", r.userId()).add("otherId", r.otherId());
        } else if (event instanceof NoticeStored n) {
            b.add("type", "notice").add("userId", n.userId()).add("seq", n.seq()).add("json", n.json());
        } else if (event instanceof Typing t) {
            b.add("type", "typing").add("fromId", t.fromId()).add("group", t.group()).add("toId", t.toId())
                    .add("json", t.json());
        } else if (event instanceof PresenceChanged p) {
            JsonArrayBuilder friends = Json.createArrayBuilder();
            p.friends().forEach(friends::add);
            b.add("type", "presence").add("userId", p.userId()).add("online", p.online()).add("friends", friends)
                    .add("json", p.json());
        }
        return b.build().toString();
    }

    /** Reads what {@link #encode} wrote; throws {@code IllegalArgumentException} on anything else. */
    public static Envelope decode(String text) {
        JsonObject o;
        try (var r = Json.createReader(new StringReader(text))) {
            o = r.readObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a delivery: " + e.getMessage(), e);
        }
        try {
            String app = o.getString("appKey");
            ImEvent e = switch (o.getString("type")) {
                case "stored" -> new MessageStored(app, o.getString("conversationId"), o.getBoolean("group"),
                        o.getString("fromId"), o.getString("toId"), o.getJsonNumber("seq").longValue(),
                        o.getString("json"), o.getString("originSession", null),
                        o.getJsonNumber("createdAt").longValue());
                case "revoked" -> new MessageRevoked(app, o.getString("conversationId"), o.getBoolean("group"),
                        o.getString("fromId"), o.getString("toId"), o.getJsonNumber("seq").longValue(),
                        o.getString("json"), o.getString("originSession", null));
                case "edited" -> new MessageEdited(app, o.getString("conversationId"), o.getBoolean("group"),
                        o.getString("fromId"), o.getString("toId"), o.getJsonNumber("seq").longValue(),
                        o.getString("json"), o.getString("originSession", null));
                case "read" -> new ConversationRead(app, o.getString("conversationId"), o.getString("readerId"),
                        o.getJsonNumber("seq").longValue(), strings(o, "recipients"), o.getString("json"),
                        o.getString("originSession", null),
                        // a node of the release before sends no fromSeq: its read counts one message only
                        o.containsKey("fromSeq") ? o.getJsonNumber("fromSeq").longValue()
                                : o.getJsonNumber("seq").longValue() - 1);
                case "memberLeft" -> new MemberLeft(app, o.getString("groupId"), o.getString("userId"));
                case "groupDismissed" -> new GroupDismissed(app, o.getString("groupId"));
                case "kicked" -> new UserKicked(app, o.getString("userId"), o.getString("reason"));
                case "sessionsKicked" -> new SessionsKicked(app, o.getString("userId"),
                        o.getJsonArray("sessionIds").getValuesAs(jakarta.json.JsonString.class).stream()
                                .map(jakarta.json.JsonString::getString).toList(), o.getString("reason"));
                case "userChanged" -> new UserChanged(app, o.getString("userId"));
                case "appChanged" -> new AppChanged(app, o.getBoolean("disabled"));
                case "relationChanged" -> new RelationChanged(app, o.getString("userId"), o.getString("otherId"));
                case "notice" -> new NoticeStored(app, o.getString("userId"), o.getJsonNumber("seq").longValue(),
                        o.getString("json"));
                case "typing" -> new Typing(app, o.getString("fromId"), o.getBoolean("group"), o.getString("toId"),
                        o.getString("json"));
                case "presence" -> new PresenceChanged(app, o.getString("userId"), o.getBoolean("online"),
                        strings(o, "friends"), o.getString("json"));
                default -> throw new IllegalArgumentException("unknown delivery type " + o.getString("type"));
            };
            return new Envelope(o.getString("node"), o.getJsonNumber("at").longValue(), e);
        } catch (NullPointerException | ClassCastException e) {
            throw new IllegalArgumentException("incomplete delivery: " + e, e);
        }
    }

    private static List<String> strings(JsonObject o, String name) {
        List<String> out = new ArrayList<>();
        for (JsonValue v : o.getJsonArray(name)) {
            out.add(((JsonString) v).getString());
        }
        return out;
    }

    private static void optional(JsonObjectBuilder b, String name, String value) {
        if (value != null) {
            b.add(name, value);
        }
    }
}
